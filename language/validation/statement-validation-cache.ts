import type { AstNode, Reference, ValidationAcceptor } from 'langium';
import { Site } from '../generated/ast.js';
import { PLAN_STATEMENTS } from '../workspace/plan-statements.js';
import { statementReferences } from '../parser/statement-references.js';
import { ObjectSlot } from '../utils/object-slot.js';

/** The statements whose reports are kept: plan statements but sites (see below). */
const KEPT: ReadonlySet<string> = new Set([...PLAN_STATEMENTS].filter(type => type !== Site.$type));

type Accepted = Parameters<ValidationAcceptor>;

interface Entry {
    /** The validation categories, the day and the catalog the checks ran with. */
    readonly context: string;
    readonly catalog: unknown;
    /** The statement's references and what each resolved to when the checks ran. */
    readonly references: readonly Reference[];
    readonly targets: readonly (AstNode | undefined)[];
    /** What the checks reported, as they reported it: positions are worked out again when replayed. */
    readonly accepted: readonly Accepted[];
}

/**
 * What the checks of each plan statement (a zone, a component, an allow rule…) reported, kept with
 * the statement's syntax node. An edit re-parses only the statements it touches and keeps the
 * others' nodes (see statement-reparse.ts), so after a one-line edit in a 10,000-instance plan
 * nearly every statement's checks would run again on exactly the same input.
 *
 * Those checks read the statement itself (its nodes never change once parsed), what its
 * references resolve to (the same node, or the checks run again), the catalog (component types),
 * and for `until` dates today's date. Sites are not kept: a site's check reads the other sites of
 * its file; nor vendors and platforms, whose checks follow supertypes across the catalog.
 */
export class StatementValidationCache {
    private readonly entries = new ObjectSlot<AstNode, Entry>('statement reports');

    static keeps(node: AstNode): boolean {
        return KEPT.has(node.$type);
    }

    /** Replays what the statement's checks reported last time, when nothing they read has changed. */
    replay(statement: AstNode, context: string, catalog: unknown, accept: ValidationAcceptor): boolean {
        const entry = this.entries.get(statement);
        if (!entry || entry.context !== context || entry.catalog !== catalog) return false;
        for (let i = 0; i < entry.references.length; i++) {
            if (entry.references[i].ref !== entry.targets[i]) return false;
        }
        for (const accepted of entry.accepted) accept(...accepted);
        return true;
    }

    /**
     * Runs the statement's checks through `run`, keeping what they report. Returns a promise only
     * when `run` did (a check had to be awaited): most statements are checked at once.
     */
    record(statement: AstNode, context: string, catalog: unknown, accept: ValidationAcceptor, run: (accept: ValidationAcceptor) => Promise<void> | undefined): Promise<void> | undefined {
        const accepted: Accepted[] = [];
        // A report that carries positions of its own (an internal error) is not kept: they would not move with the text.
        let positional = false;
        const pending = run((severity, message, info) => {
            accepted.push([severity, message, info]);
            if ('range' in info || info.relatedInformation) positional = true;
            accept(severity, message, info);
        });
        const keep = () => {
            if (positional) {
                this.entries.delete(statement);
                return;
            }
            const references = statementReferences(statement).map(info => info.reference as Reference);
            this.entries.set(statement, { context, catalog, references, targets: references.map(r => r.ref), accepted });
        };
        if (pending) return pending.then(keep);
        keep();
        return undefined;
    }
}
