import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Table } from '.';

afterEach(cleanup);

describe('Table on a narrow screen', () => {
  it('names each body cell after its column and keeps the table roles', () => {
    const { rerender } = render(
      <Table caption="Rondes">
        <thead><tr><th scope="col">Ronde</th><th scope="col">Budget</th></tr></thead>
        <tbody><tr><th scope="row">Noord</th><td>€ 10.000,00</td></tr></tbody>
      </Table>,
    );

    expect(screen.getByRole('rowheader', { name: 'Noord' }).getAttribute('data-label')).toBe('Ronde');
    expect(screen.getByRole('cell', { name: '€ 10.000,00' }).getAttribute('data-label')).toBe('Budget');
    expect(screen.getByRole('columnheader', { name: 'Budget' }).hasAttribute('data-label')).toBe(false);

    // Rows that arrive later are labelled too; a cell spanning columns has no single column to be named after.
    rerender(
      <Table caption="Rondes">
        <thead><tr><th scope="col">Ronde</th><th scope="col">Budget</th></tr></thead>
        <tbody>
          <tr><th scope="row">Noord</th><td>€ 10.000,00</td></tr>
          <tr><td colSpan={2}>Geen andere rondes</td></tr>
          <tr><th scope="row">Delfshaven</th><td>€ 50.000,00</td></tr>
        </tbody>
      </Table>,
    );
    expect(screen.getByRole('cell', { name: '€ 50.000,00' }).getAttribute('data-label')).toBe('Budget');
    expect(screen.getByRole('cell', { name: 'Geen andere rondes' }).hasAttribute('data-label')).toBe(false);
  });
});
