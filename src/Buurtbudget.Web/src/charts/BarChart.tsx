import { useId, type ReactNode } from 'react';
import './charts.css';

export interface BarDatum {
  key: string | number;
  label: string;
  value: number;
  /** The value as shown (e.g. "123 stemmen"). */
  display: string;
  highlight?: boolean;
}

const WIDTH = 640;
const ROW = 58;
const BAR = 22;

/** A horizontal bar chart as an SVG image with a title and a text summary (its accessible name and description).
 * The exact figures belong in a table beside it (see ChartWithTable); the image only shows their proportions. */
export function BarChart({ title, summary, data, legend }: { title: string; summary: string; data: BarDatum[]; legend?: ReactNode }) {
  const titleId = useId();
  const descId = useId();
  const max = Math.max(1, ...data.map((d) => d.value));
  const height = Math.max(ROW, data.length * ROW + 8);
  const barSpace = WIDTH - 150;

  return (
    <figure className="chart">
      <svg className="chart__svg" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${titleId} ${descId}`} preserveAspectRatio="xMinYMin meet">
        <title id={titleId}>{title}</title>
        <desc id={descId}>{summary}</desc>
        {data.map((d, index) => {
          const y = index * ROW + 4;
          const width = (d.value / max) * barSpace;
          return (
            <g key={d.key}>
              <text className="chart__label" x={0} y={y + 18}>{truncate(d.label, 58)}</text>
              <rect className={d.highlight ? 'chart__bar chart__bar--highlight' : 'chart__bar'} x={0} y={y + 26} width={Math.max(width, d.value > 0 ? 2 : 0)} height={BAR} />
              <text className="chart__value" x={width + 8} y={y + 43}>{d.display}</text>
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
