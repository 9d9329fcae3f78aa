import { AstUtils, GrammarAST, type Grammar } from 'langium';

/** The grammar's rule for the name of a zone, site, component or platform. */
const NAME_RULE = 'Name';

/** What a name is spelt with: letters, digits, '_' and '-', starting with a letter or '_' (the grammar's ID). */
export const NAME_SPELLING = /^[_a-zA-Z](?:[\w-]*\w)?$/;

/**
 * The keywords that are also names (the grammar's `Name` rule lists them beside ID): every word
 * the language took on after its first version, which plans used as names before.
 */
export function softKeywords(grammar: Grammar): Set<string> {
    const words = new Set<string>();
    const seen = new Set<GrammarAST.AbstractRule>();
    const visit = (rule: GrammarAST.AbstractRule | undefined) => {
        if (!rule || seen.has(rule) || !GrammarAST.isParserRule(rule)) return;
        seen.add(rule);
        const walk = (e: GrammarAST.AbstractElement): void => {
            if (GrammarAST.isKeyword(e)) words.add(e.value);
            else if (GrammarAST.isRuleCall(e)) visit(e.rule.ref);
            else if (GrammarAST.isAlternatives(e) || GrammarAST.isGroup(e) || GrammarAST.isUnorderedGroup(e)) e.elements.forEach(walk);
        };
        walk(rule.definition);
    };
    visit(grammar.rules.find(r => r.name === NAME_RULE));
    return words;
}

/** The keywords spelt like a name that are not names (`zone`, `allow`, `any`, `internet`, …): the first version's words. */
export function reservedWords(grammar: Grammar): Set<string> {
    const soft = softKeywords(grammar);
    return new Set(AstUtils.streamAllContents(grammar).filter(GrammarAST.isKeyword).map(k => k.value)
        .filter(word => NAME_SPELLING.test(word) && !soft.has(word)).toArray());
}
