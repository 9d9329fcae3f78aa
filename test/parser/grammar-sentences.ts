import { GrammarAST, GrammarUtils, type Grammar } from 'langium';
import { softKeywords } from '../../language/parser/soft-keywords.js';

/**
 * Random texts made from the grammar itself (language/segplan.langium, as Langium reads it):
 * every rule, alternative, optional part and repetition the grammar has is a choice here, so a
 * rule added to the grammar is in these texts without anyone writing it down. Only the terminals'
 * sample values are written by hand (TERMINAL_SAMPLES), and a test fails when the grammar has a
 * terminal without samples.
 */

/** Values each terminal of the grammar may take in a generated text. */
export const TERMINAL_SAMPLES: Readonly<Record<string, readonly string[]>> = {
    ID: ['vbr', 'proxy', 'mgmt', 'hq', 'dr', 'a1', 'x_y', 'z-1', 'Veeam'],
    // A name followed by ':' (the lexer looks ahead for it): the grammar writes the ':' after it.
    INSTANCE_NAME: ['vbr', 'proxy1', 'x_y', 'esx-2'],
    STRING: ['"x"', '"Backup data"', '""', '"a \\"quoted\\" word"'],
    INT: ['443', '22', '6160', '1', '65535'],
    PORT_RANGE: ['2500-3300', '1-1024'],
    PORT_OPEN: ['1058+', '9082+'],
    DATE: ['2027-01-31', '2026-12-01'],
    IPV4: ['10.0.0.1', '10.10.0.0/24', '10.0.0.1-10.0.0.9', '192.168.1.0/28'],
    IPV6: ['fd00::1', 'fd00:20::/48', '2001:db8::10-2001:db8::20'],
    DIGIT_HOST_NAME: ['3par.example.com', '1a.lan.local']
};

export interface Sentence {
    readonly text: string;
    /** The parser rules the text was made from. */
    readonly rules: ReadonlySet<string>;
    /** The parts of those rules it used: `Rule.property` for an assignment, `Rule 'keyword'` for a keyword. */
    readonly parts: ReadonlySet<string>;
}

/** A number in [0, 1). */
type Random = () => number;

/** A newline that ends a statement of the entry rule. */
const LINE_END = '\n';

export function grammarSentence(grammar: Grammar, random: Random, maxDepth = 4): Sentence {
    const entry = grammar.rules.find(r => GrammarAST.isParserRule(r) && r.entry) as GrammarAST.ParserRule;
    const rules = new Set<string>();
    const parts = new Set<string>();
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    // A component's name may be any name, keywords that are also names included (the lexer makes
    // one followed by ':' a component's name): the grammar's `Name` rule says which.
    const instanceNames = [...TERMINAL_SAMPLES.INSTANCE_NAME, ...softKeywords(grammar)];

    function rule(r: GrammarAST.AbstractRule, depth: number): string[] {
        if (GrammarAST.isTerminalRule(r)) return [terminal(r.name)];
        const parser = r as GrammarAST.ParserRule;
        rules.add(parser.name);
        const tokens = element(parser.definition, depth + 1, parser.name, parser === entry);
        // A data type rule (`QualifiedName: ID ('.' ID)*`) is one word: its tokens touch.
        return GrammarUtils.isDataTypeRule(parser) ? [tokens.join('')] : tokens;
    }

    function terminal(name: string): string {
        if (name === 'INSTANCE_NAME') return pick(instanceNames);
        const samples = TERMINAL_SAMPLES[name];
        if (!samples) throw new Error(`the grammar's terminal ${name} has no samples in TERMINAL_SAMPLES`);
        return pick(samples);
    }

    function times(e: GrammarAST.AbstractElement, depth: number): number {
        const deep = depth > maxDepth;
        switch (e.cardinality) {
            case '?': return deep ? 0 : Math.floor(random() * 2);
            case '*': return deep ? 0 : Math.floor(random() * 3);
            case '+': return deep ? 1 : 1 + Math.floor(random() * 2);
            default: return 1;
        }
    }

    function element(e: GrammarAST.AbstractElement, depth: number, owner: string, inEntry = false): string[] {
        const out: string[] = [];
        const n = times(e, depth);
        for (let i = 0; i < n; i++) {
            out.push(...once(e, depth, owner, inEntry));
            // Each statement of the document (header, import, element) on a line of its own.
            if (inEntry && GrammarAST.isAssignment(e)) out.push(LINE_END);
        }
        return out;
    }

    function once(e: GrammarAST.AbstractElement, depth: number, owner: string, inEntry: boolean): string[] {
        if (GrammarAST.isKeyword(e)) {
            parts.add(`${owner} '${e.value}'`);
            return [e.value];
        }
        if (GrammarAST.isAction(e)) return [];
        if (GrammarAST.isAssignment(e)) {
            parts.add(`${owner}.${e.feature}`);
            return once(e.terminal, depth, owner, false);
        }
        if (GrammarAST.isCrossReference(e)) {
            const target = e.terminal;
            return target ? once(target, depth, owner, false) : [terminal('ID')];
        }
        if (GrammarAST.isRuleCall(e)) return rule(e.rule.ref!, depth);
        if (GrammarAST.isAlternatives(e)) return element(pick(e.elements), depth, owner, inEntry);
        if (GrammarAST.isUnorderedGroup(e)) {
            const order = [...e.elements].sort(() => random() - 0.5);
            return order.flatMap(part => element(part, depth, owner, inEntry));
        }
        if (GrammarAST.isGroup(e)) return e.elements.flatMap(part => element(part, depth, owner, inEntry));
        throw new Error(`the sentence generator does not know grammar elements of type ${e.$type}`);
    }

    const tokens = rule(entry, 0);
    return { text: tokens.join(' ').replace(/ ?\n ?/g, '\n'), rules, parts };
}

/** The terminals the lexer makes tokens of (not the hidden ones: white space, comments). */
export function visibleTerminals(grammar: Grammar): string[] {
    return grammar.rules.filter(GrammarAST.isTerminalRule).filter(r => !r.hidden && !r.fragment).map(r => r.name);
}

/** The parser rules a parse can reach from `from` without passing through one of `stops`. */
export function rulesReachable(grammar: Grammar, from: string, stops: ReadonlySet<string>): Set<string> {
    const byName = new Map(grammar.rules.map(r => [r.name, r]));
    const seen = new Set<string>();
    const visit = (name: string) => {
        const r = byName.get(name);
        if (!r || !GrammarAST.isParserRule(r) || seen.has(name) || stops.has(name)) return;
        seen.add(name);
        for (const call of streamRuleCalls(r.definition)) visit(call);
    };
    visit(from);
    return seen;
}

function streamRuleCalls(e: GrammarAST.AbstractElement): string[] {
    if (GrammarAST.isRuleCall(e)) return [e.rule.$refText];
    if (GrammarAST.isAssignment(e)) return streamRuleCalls(e.terminal);
    if (GrammarAST.isCrossReference(e)) return [];
    if (GrammarAST.isAlternatives(e) || GrammarAST.isGroup(e) || GrammarAST.isUnorderedGroup(e)) return e.elements.flatMap(streamRuleCalls);
    return [];
}
