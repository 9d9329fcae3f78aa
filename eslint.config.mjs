// ESLint for SegPlan's TypeScript: typescript-eslint's recommended rules and the code style the
// sources are written in (ESLint Stylistic formats with `npm run lint -- --fix`).
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
    { ignores: ['out/**', 'node_modules/**', 'language/generated/**', 'language/generated-catalogs/**', '.vscode-test/**', 'out-*/**'] },
    ...tseslint.configs.recommended,
    {
        files: ['**/*.ts'],
        plugins: { '@stylistic': stylistic },
        rules: {
            // A leading underscore marks a parameter or a destructured part that is there on purpose.
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
            // Simulated devices have an `apply` method of their own, which this rule takes for Function.apply.
            'prefer-spread': 'off',
            '@stylistic/indent': ['error', 4, { SwitchCase: 1 }],
            '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'always' }],
            '@stylistic/semi': ['error', 'always'],
            '@stylistic/no-trailing-spaces': 'error',
            '@stylistic/eol-last': 'error',
            '@stylistic/comma-dangle': ['error', 'never'],
            '@stylistic/brace-style': ['error', '1tbs', { allowSingleLine: true }],
            '@stylistic/keyword-spacing': 'error',
            '@stylistic/space-infix-ops': 'error',
            '@stylistic/no-multiple-empty-lines': ['error', { max: 1 }]
        }
    },
    { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } }
);
