import { describe, expect, it } from 'vitest';
import { centsToEuroInput, parseEuroToCents } from './money';

describe('parseEuroToCents', () => {
  it.each([
    ['12500', 1_250_000],
    ['12.500', 1_250_000],
    ['12,500', 1_250_000],
    ['12.500,50', 1_250_050],
    ['12,500.50', 1_250_050],
    ['12500,5', 1_250_050],
    ['12500.05', 1_250_005],
    ['€ 3.500', 350_000],
    ['€\u00a01.250.000,00', 125_000_000],
    ['0,10', 10],
    ['  42 ', 4_200],
    ['0.29', 29],
    ['1.005,57', 100_557],
  ])('reads %j as %i cents', (input, cents) => {
    expect(parseEuroToCents(input)).toBe(cents);
  });

  it.each(['', 'abc', '-5', '12,345,6', '1.250.5', '1.250,500', '12.34.56', '1,250.000,00', '12e3', '1.2.3,4', '12,5,0'])('refuses %j', (input) => {
    expect(parseEuroToCents(input)).toBeNull();
  });

  it('never goes through floating point: every two-decimal amount up to € 1.000 comes out exact', () => {
    for (let cents = 0; cents <= 100_000; cents += 7) {
      expect(parseEuroToCents(centsToEuroInput(cents, 'nl'))).toBe(cents);
      expect(parseEuroToCents(centsToEuroInput(cents, 'en'))).toBe(cents);
    }
  });
});

describe('centsToEuroInput', () => {
  it('writes the language decimal separator without grouping', () => {
    expect(centsToEuroInput(1_250_050, 'nl')).toBe('12500,50');
    expect(centsToEuroInput(1_250_050, 'en')).toBe('12500.50');
    expect(centsToEuroInput(5, 'nl')).toBe('0,05');
  });
});
