import { useId, type ReactNode } from 'react';
import './charts.css';

export interface BarDatum {
  key: string | number;
  label: string;
  value: number;
  /** The value as shown (e.g. "123 stemmers"). */
  display: string;
  highlight?: boolean;
}

const ROW = 52;
const BAR = 20;

/** A horizontal bar chart as an SVG image with a title and a text summary (its accessible name and description).
 * Bars are sized in percentages of the chart's width and the text keeps its size, so the chart fits any width from
 * 360 px up without shrinking its labels. The exact figures belong in a table beside it; the image shows proportions. */
export function BarChart({ title, summary, data, legend }: { title: string; summary: string; data: BarDatum[]; legend?: ReactNode }) {
  const titleId = useId();
  const descId = useId();
  const max = Math.max(1, ...data.map((d) => d.value));
  const height = Math.max(ROW, data.length * ROW);

  return (
    <figure className="chart">
      <svg className="chart__svg" width="100%" height={height} role="img" aria-labelledby={titleId} aria-describedby={descId}>
        <title id={titleId}>{title}</title>
        <desc id={descId}>{summary}</desc>
        {data.map((d, index) => {
          const y = index * ROW;
          const share = (d.value / max) * 100;
          return (
            <g key={d.key}>
              <text className="chart__label" x={0} y={y + 16}>{truncate(d.label, 28)}: {d.display}</text>
              <rect className="chart__track" x="0" y={y + 23} width="100%" height={BAR} />
              <rect className={d.highlight ? 'chart__bar chart__bar--highlight' : 'chart__bar'} x="0" y={y + 23} width={`${share}%`} height={BAR} />
            </g>
          );
        })}
      </svg>
      {legend}
      <figcaption className="utrecht-paragraph">{summary}</figcaption>
    </figure>
  );
}

export function truncate(text: string, length: number) {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
