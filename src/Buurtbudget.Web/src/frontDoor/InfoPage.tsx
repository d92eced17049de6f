import { useTranslation } from 'react-i18next';
import { Heading, Paragraph } from '../ui';

type Section = { heading: string; paragraphs: string[] };
export type Topic = 'privacy' | 'accessibility' | 'contact';

/** The footer's pages: the privacy statement, the accessibility statement and how to reach the gemeente. Their words
 * are in the locale files (frontDoor.<topic>), one heading per section, in plain language. */
export function InfoPage({ topic }: { topic: Topic }) {
  const { t } = useTranslation();
  const sections = t(`frontDoor.${topic}.sections`, { returnObjects: true }) as Section[];
  return (
    <article className="stack info-page">
      <Heading level={1}>{t(`frontDoor.${topic}.title`)}</Heading>
      <Paragraph lead>{t(`frontDoor.${topic}.intro`)}</Paragraph>
      {sections.map((section) => (
        <section key={section.heading} aria-labelledby={`${topic}-${slug(section.heading)}`}>
          <Heading level={2} id={`${topic}-${slug(section.heading)}`}>{section.heading}</Heading>
          {section.paragraphs.map((paragraph) => <Paragraph key={paragraph}>{paragraph}</Paragraph>)}
        </section>
      ))}
    </article>
  );
}

function slug(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
