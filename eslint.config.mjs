// ESLint for SegPlan's TypeScript: typescript-eslint's recommended rules, and ESLint Stylistic as
// the formatter (`npm run lint -- --fix` formats; docs/development.md says why not Prettier).
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Stylistic's full set of layout rules, set to the style the sources are written in. */
const layout = stylistic.configs.customize({
    indent: 4, quotes: 'single', semi: true, commaDangle: 'never', braceStyle: '1tbs', blockSpacing: true, quoteProps: 'as-needed', jsx: false
});

export default tseslint.config(
    { ignores: ['out/**', 'node_modules/**', 'language/generated/**', 'language/generated-catalogs/**', '.vscode-test/**', 'out-*/**', 'dist/**'] },
    ...tseslint.configs.recommended,
    {
        files: ['**/*.ts'],
        plugins: { '@stylistic': stylistic },
        rules: {
            ...layout.rules,
            // A leading underscore marks a parameter or a destructured part that is there on purpose.
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
            // Simulated devices have an `apply` method of their own, which this rule takes for Function.apply.
            'prefer-spread': 'off',
            '@stylistic/indent': ['error', 4, { SwitchCase: 1 }],
            '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'always' }],
            '@stylistic/brace-style': ['error', '1tbs', { allowSingleLine: true }],
            // Comments lined up after the code they speak of (tables of ports, of expectations) stay lined up.
            '@stylistic/no-multi-spaces': ['error', { ignoreEOLComments: true }],
            // A continued expression is indented one step past the line it continues (the indent rule);
            // this rule would line it up with the start of the statement instead.
            '@stylistic/indent-binary-ops': 'off',
            // The code's own habits, which Stylistic's defaults would rewrite file by file with no gain in
            // reading: a short `if (…) { …; return; }` on one line, `x => …` and `(x) => …` alike, a
            // ternary laid out as reads best, `a && b || c` without brackets, and where a list breaks.
            '@stylistic/max-statements-per-line': 'off',
            '@stylistic/arrow-parens': 'off',
            '@stylistic/multiline-ternary': 'off',
            '@stylistic/no-mixed-operators': 'off',
            '@stylistic/list-style': 'off'
        }
    },
    {
        // A property capped by time fails when it is cut short: through test/helpers/time-capped.ts only.
        files: ['test/**/*.ts'],
        ignores: ['test/helpers/time-capped.ts', 'test/tooling/time-capped-properties.test.ts'],
        rules: {
            'no-restricted-syntax': ['error', {
                selector: "Property[key.name='interruptAfterTimeLimit']",
                message: 'Cap a property by time with assertTimeCapped (test/helpers/time-capped.ts): fast-check alone calls a run cut short after one success passed.'
            }]
        }
    },
    { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } }
);
