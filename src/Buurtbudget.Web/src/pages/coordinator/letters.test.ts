// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { lettersOf } from './LettersPrintView';

const batch = `<!DOCTYPE html><html lang="nl"><head><style>.code { border: 2px solid #000; }</style></head><body>
<section class="letter"><h1>Stem mee over het buurtbudget van Noord</h1><p class="code">ABCD-EFGH-JKLM</p></section>
<section class="letter"><h1>Stem mee over het buurtbudget van Noord</h1><p class="code">NPQR-STUV-WXYZ</p></section>
</body></html>`;

describe('lettersOf', () => {
  it('gives each letter of a batch, its heading under the print view’s own, without the letters’ style', () => {
    const letters = lettersOf(batch);

    expect(letters).toHaveLength(2);
    expect(letters[0]).toContain('<h3 class="letter__title">Stem mee over het buurtbudget van Noord</h3>');
    expect(letters[1]).toContain('<p class="code">NPQR-STUV-WXYZ</p>');
    expect(letters.join('')).not.toMatch(/<h1|<style/);
  });
});
