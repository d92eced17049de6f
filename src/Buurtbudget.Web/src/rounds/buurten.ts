/** The names of the buurten (CBS buurt codes, `BU` + municipality + wijk + buurt) of the demo's Rotterdam wijken:
 * Stadscentrum, Delfshaven, Noord and Kralingen-Crooswijk, from the CBS Wijk- en buurtkaart coding
 * (/work/shared/data/cbs/rotterdam-buurten.csv). The only table of buurt names in the platform: every page that shows
 * a buurt asks buurtName(). A buurt not in it (Amsterdam's codes changed form and are not included) is shown by its
 * code; a municipality with other wijken adds its own current rows here. */
const NAMES: ReadonlyMap<string, string> = new Map([
  ['BU05990110', 'Stadsdriehoek'],
  ['BU05990111', 'Oude Westen'],
  ['BU05990112', 'Cool'],
  ['BU05990113', 'CS-kwartier'],
  ['BU05990118', 'Nieuwe Werk'],
  ['BU05990119', 'Dijkzigt'],
  ['BU05990320', 'Delfshaven'],
  ['BU05990321', 'Bospolder'],
  ['BU05990322', 'Tussendijken'],
  ['BU05990323', 'Spangen'],
  ['BU05990324', 'Nieuwe Westen'],
  ['BU05990325', 'Middelland'],
  ['BU05990327', 'Oud-Mathenesse'],
  ['BU05990328', 'Witte Dorp'],
  ['BU05990329', 'Schiemond'],
  ['BU05990515', 'Agniesebuurt'],
  ['BU05990516', 'Provenierswijk'],
  ['BU05990531', 'Bergpolder'],
  ['BU05990532', 'Blijdorp'],
  ['BU05990534', 'Liskwartier'],
  ['BU05990535', 'Oude Noorden'],
  ['BU05990558', 'Blijdorpsepolder'],
  ['BU05990814', 'Rubroek'],
  ['BU05990836', 'Nieuw Crooswijk'],
  ['BU05990837', 'Oud Crooswijk'],
  ['BU05990841', 'Kralingen-West'],
  ['BU05990842', 'Kralingen-Oost'],
  ['BU05990843', 'Kralingse Bos'],
  ['BU05990845', 'De Esch'],
  ['BU05990847', 'Struisenburg'],
]);

/** The buurt's name, or its code when no name is known (and an empty string for none). */
export function buurtName(code: string | null | undefined): string {
  if (!code) return '';
  return NAMES.get(code.trim().toUpperCase()) ?? code;
}

/** The known buurten of a wijk (`WK` + 6 digits), by name; empty when none are known. */
export function buurtenOf(wijkCode: string): { code: string; name: string }[] {
  const digits = wijkCode.trim().toUpperCase().replace(/^WK/, '');
  return [...NAMES]
    .filter(([code]) => code.slice(2, 8) === digits)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}
