import { describe, expect, it } from 'vitest';
import { checkEmail, tokenOf } from './news';

describe('checkEmail', () => {
  it('asks for an address when the field is empty', () => {
    expect(checkEmail('   ')).toBe('required');
  });

  it('refuses what cannot be one address', () => {
    expect(checkEmail('naam at voorbeeld')).toBe('invalid');
    expect(checkEmail('naam@voorbeeld')).toBe('invalid');
    expect(checkEmail('a@b@c.nl')).toBe('invalid');
    expect(checkEmail('naam @voorbeeld.nl')).toBe('invalid');
  });

  it('takes an ordinary address, spaces around it too', () => {
    expect(checkEmail(' naam@voorbeeld.nl ')).toBeNull();
  });
});

describe('tokenOf', () => {
  it('reads the token from the link and nothing else', () => {
    expect(tokenOf('?token=abc.def')).toBe('abc.def');
    expect(tokenOf('?token=')).toBeNull();
    expect(tokenOf('')).toBeNull();
  });
});
