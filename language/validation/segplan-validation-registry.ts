import { isOperationCancelled, ValidationRegistry, type AstNode, type ValidationAcceptor, type ValidationCategory, type ValidationCheck, type ValidationChecks } from 'langium';
import { internalErrorDiagnostic } from './segplan-document-validator.js';

/**
 * Langium's registry turns a check that throws into a generic error and logs a stack. SegPlan's
 * says what happened in the engineer's words, with a code the CLI and the rule generator know
 * means "not checked" (internal-error, plan-too-large), on the first line of the file.
 */
export class SegplanValidationRegistry extends ValidationRegistry {
    /** The categories that have node checks. */
    private readonly categoriesWithChecks = new Set<ValidationCategory>();

    override register<T>(checksRecord: ValidationChecks<T>, thisObj?: unknown, category?: ValidationCategory): void {
        this.categoriesWithChecks.add(category ?? 'fast');
        super.register(checksRecord, thisObj, category);
    }

    /**
     * Which node checks a validation with `categories` runs (all without), as the categories
     * that have checks: the editor validates with `built-in` and `fast`, a full build with every
     * category, and both run the same checks as long as none is `slow`.
     */
    checkedCategories(categories: readonly ValidationCategory[] | undefined): string {
        return [...this.categoriesWithChecks].filter(c => !categories || categories.includes(c)).sort().join(',');
    }

    override async handleException(functionality: () => unknown, _messageContext: string, accept: ValidationAcceptor, node: AstNode): Promise<void> {
        try {
            await functionality();
        } catch (error) {
            reportFailure(error, accept, node);
        }
    }

    /**
     * A check as the validator runs it, with the same handling of failures; a check that finishes
     * at once returns nothing to await (a plan has tens of thousands of nodes to check).
     */
    protected override wrapValidationException(check: ValidationCheck, thisObj: unknown): ValidationCheck {
        return (node, accept, cancelToken) => {
            try {
                const pending = check.call(thisObj, node, accept, cancelToken);
                if (pending !== undefined) return Promise.resolve(pending).catch(error => reportFailure(error, accept, node));
            } catch (error) {
                reportFailure(error, accept, node);
            }
            return undefined;
        };
    }
}

/** A check that failed: an error on the first line of the file (cancellation still cancels). */
function reportFailure(error: unknown, accept: ValidationAcceptor, node: AstNode): void {
    if (isOperationCancelled(error)) throw error;
    const diagnostic = internalErrorDiagnostic(error);
    let root = node;
    while (root.$container) root = root.$container;
    accept('error', String(diagnostic.message), { node: root, code: String(diagnostic.code), data: diagnostic.data, range: diagnostic.range } as never);
}
