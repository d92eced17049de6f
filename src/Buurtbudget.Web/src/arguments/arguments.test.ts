import { describe, expect, it } from 'vitest';
import { checkArgument, fieldOfRefusal, mayAgree, oneLine, type Argument } from './arguments';

const argument: Argument = {
  id: 1, proposalId: 1, side: 'for', displayName: 'Buur', text: 'Goed voor de kinderen.', postedAt: '2026-03-02T09:00:00Z',
  agreements: 0, mine: false, agreedByMe: false, hidden: null,
};

describe('arguments', () => {
  it('turns typed line breaks and runs of spaces into one line', () => {
    expect(oneLine('  Goed  voor\nde\r\n kinderen. ')).toBe('Goed voor de kinderen.');
  });

  it('asks for a side, a text of 10 to 500 characters and a name the first time only', () => {
    expect(checkArgument({ side: null, text: 'Kort', displayName: '' }, true)).toEqual({ side: 'sideRequired', text: 'textShort', displayName: 'nameShort' });
    expect(checkArgument({ side: 'for', text: 'a'.repeat(501), displayName: 'b'.repeat(41) }, true)).toEqual({ text: 'textLong', displayName: 'nameLong' });
    expect(checkArgument({ side: 'against', text: 'Liever bankjes hier.', displayName: '' }, false)).toEqual({});
  });

  it('shows a refusal about the name or the text at that field', () => {
    expect(fieldOfRefusal('display-name-taken', {})).toBe('displayName');
    expect(fieldOfRefusal('invalid-text', { field: 'text' })).toBe('text');
    expect(fieldOfRefusal('invalid-text', { field: 'displayName' })).toBe('displayName');
    expect(fieldOfRefusal('wrong-phase', {})).toBeNull();
  });

  it('offers agreeing only with someone else’s shown argument, once, while the round is open', () => {
    expect(mayAgree(argument, true, true)).toBe(true);
    expect(mayAgree({ ...argument, mine: true }, true, true)).toBe(false);
    expect(mayAgree({ ...argument, agreedByMe: true }, true, true)).toBe(false);
    expect(mayAgree({ ...argument, hidden: { reason: 'Scheldwoord', at: '2026-03-02T10:00:00Z' } }, true, true)).toBe(false);
    expect(mayAgree(argument, false, true)).toBe(false);
    expect(mayAgree(argument, true, false)).toBe(false);
  });
});
