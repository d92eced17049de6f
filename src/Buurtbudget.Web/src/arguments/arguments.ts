import type { components } from '../api/schema';

type Schemas = components['schemas'];

/** A proposal's arguments as GET …/proposals/{id}/arguments answers them: display names, never who wrote them. */
export type ProposalArguments = Schemas['ProposalArgumentsDto'];
export type Argument = Schemas['ArgumentDto'];
export type Side = 'for' | 'against';

/** The limits the API holds an argument to (Buurtbudget.Domain.Arguments.ArgumentLimits); the form says them first. */
export const limits = { textMin: 10, textMax: 500, nameMin: 3, nameMax: 40, reasonMin: 5, reasonMax: 300 } as const;

/** An argument is one paragraph, like a title on one line: line breaks a resident typed become spaces, runs of
 * spaces one, so that what is sent is what the API keeps. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export type ArgumentField = 'side' | 'text' | 'displayName';

/** The form's own checks before it sends; the API decides in the end. */
export function checkArgument(
  draft: { side: Side | null; text: string; displayName: string },
  needsName: boolean,
): Partial<Record<ArgumentField, 'sideRequired' | 'textShort' | 'textLong' | 'nameShort' | 'nameLong'>> {
  const found: Partial<Record<ArgumentField, 'sideRequired' | 'textShort' | 'textLong' | 'nameShort' | 'nameLong'>> = {};
  if (draft.side === null) found.side = 'sideRequired';
  const text = oneLine(draft.text);
  if (text.length < limits.textMin) found.text = 'textShort';
  else if (text.length > limits.textMax) found.text = 'textLong';
  if (needsName) {
    const name = draft.displayName.trim();
    if (name.length < limits.nameMin) found.displayName = 'nameShort';
    else if (name.length > limits.nameMax) found.displayName = 'nameLong';
  }
  return found;
}

/** Which field of the form an API refusal is about, so that it shows there. */
export function fieldOfRefusal(code: string, args: Record<string, string>): ArgumentField | null {
  if (code === 'display-name-needed' || code === 'display-name-taken' || code === 'display-name-already-chosen') return 'displayName';
  if (code === 'invalid-text') return args.field === 'displayName' ? 'displayName' : args.field === 'text' ? 'text' : null;
  return null;
}

/** What a resident may still do with an argument: agree when it is someone else's, shown, not yet agreed with, and the
 * round takes part in the discussion. */
export function mayAgree(argument: Argument, open: boolean, mayTakePart: boolean): boolean {
  return open && mayTakePart && !argument.mine && !argument.agreedByMe && !argument.hidden;
}
