import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import nlCommon from './locales/nl/common.json';
import nlResident from './locales/nl/resident.json';
import nlCoordinator from './locales/nl/coordinator.json';
import nlAuditor from './locales/nl/auditor.json';
import nlFrontDoor from './locales/nl/frontDoor.json';
import nlNews from './locales/nl/news.json';
import enCommon from './locales/en/common.json';
import enResident from './locales/en/resident.json';
import enCoordinator from './locales/en/coordinator.json';
import enAuditor from './locales/en/auditor.json';
import enFrontDoor from './locales/en/frontDoor.json';
import enNews from './locales/en/news.json';

/** The languages the platform speaks: Dutch first, English on request. Texts live in one file per audience and
 * language (common, resident, coordinator, auditor, frontDoor, news); their top-level keys do not overlap. */
export const languages = ['nl', 'en'] as const;
export type Language = (typeof languages)[number];

const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem('buurtbudget.language');

void i18n.use(initReactI18next).init({
  resources: {
    nl: { translation: { ...nlCommon, ...nlResident, ...nlCoordinator, ...nlAuditor, ...nlFrontDoor, ...nlNews } },
    en: { translation: { ...enCommon, ...enResident, ...enCoordinator, ...enAuditor, ...enFrontDoor, ...enNews } },
  },
  lng: stored === 'en' ? 'en' : 'nl',
  fallbackLng: 'nl',
  interpolation: { escapeValue: false },
});

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
  localStorage.setItem('buurtbudget.language', language);
});
if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;

export default i18n;
