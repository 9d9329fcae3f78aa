import { isOperationCancelled, ValidationRegistry, type AstNode, type ValidationAcceptor } from 'langium';
import { internalErrorDiagnostic } from './segplan-document-validator.js';

/**
 * Langium's registry turns a check that throws into a generic error and logs a stack. SegPlan's
 * says what happened in the engineer's words, with a code the CLI and the rule generator know
 * means "not checked" (internal-error, plan-too-large), on the first line of the file.
 */
export class SegplanValidationRegistry extends ValidationRegistry {
    override async handleException(functionality: () => unknown, _messageContext: string, accept: ValidationAcceptor, node: AstNode): Promise<void> {
        try {
            await functionality();
        } catch (error) {
            if (isOperationCancelled(error)) throw error;
            const diagnostic = internalErrorDiagnostic(error);
            let root = node;
            while (root.$container) root = root.$container;
            accept('error', String(diagnostic.message), { node: root, code: String(diagnostic.code), data: diagnostic.data, range: diagnostic.range } as never);
        }
    }
}
