import { AstUtils, type AstNode, type Reference, type ValidationAcceptor } from 'langium';
import { isAllowRule, isInstance, isPortOverride, isRequirement, isSitePair, isUseFeature, isZone } from '../generated/ast.js';

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
    private readonly entries = new WeakMap<AstNode, Entry>();

    static keeps(node: AstNode): boolean {
        return isZone(node) || isInstance(node) || isAllowRule(node) || isRequirement(node) || isPortOverride(node) || isUseFeature(node) || isSitePair(node);
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

    /** Runs the statement's checks through `run`, keeping what they report. */
    async record(statement: AstNode, context: string, catalog: unknown, accept: ValidationAcceptor, run: (accept: ValidationAcceptor) => Promise<void>): Promise<void> {
        const accepted: Accepted[] = [];
        // A report that carries positions of its own (an internal error) is not kept: they would not move with the text.
        let positional = false;
        await run((severity, message, info) => {
            accepted.push([severity, message, info]);
            if ('range' in info || info.relatedInformation) positional = true;
            accept(severity, message, info);
        });
        if (positional) {
            this.entries.delete(statement);
            return;
        }
        const references: Reference[] = [];
        for (const node of AstUtils.streamAst(statement)) {
            for (const { reference } of AstUtils.streamReferences(node)) references.push(reference as Reference);
        }
        this.entries.set(statement, { context, catalog, references, targets: references.map(r => r.ref), accepted });
    }
}
