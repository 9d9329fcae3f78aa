import { GrammarAST, type Grammar } from 'langium';

/** The grammar's rule for the name of a zone, site or component. */
const NAME_RULE = 'Name';

/**
 * The keywords that are also names (the grammar's `Name` rule lists them beside ID): the words
 * relations brought into the language, which plans used as names before.
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
