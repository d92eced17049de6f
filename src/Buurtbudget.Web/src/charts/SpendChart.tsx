import { useId } from 'react';
import { truncate } from './BarChart';
import './charts.css';

export interface SpendDatum {
  key: string | number;
  label: string;
  /** What the project may cost: its approved cost plus approved overruns. */
  limit: number;
  spent: number;
  pending: number;
}

const WIDTH = 640;
const ROW = 62;
const BAR = 24;

/** Spend against limit per row: the dashed outline is the limit, the solid part the approved spend, the hatched part
 * the spend awaiting a second coordinator. All rows share one scale, so projects compare by size. An SVG image with a
 * title and a text summary; the exact figures belong in the table beside it. */
export function SpendChart({ title, summary, data }: { title: string; summary: string; data: SpendDatum[] }) {
  const titleId = useId();
  const descId = useId();
  const max = Math.max(1, ...data.map((d) => Math.max(d.limit, d.spent + d.pending)));
  const height = Math.max(ROW, data.length * ROW + 8);
  const scale = (cents: number) => (cents / max) * (WIDTH - 2);

  return (
    <figure className="chart">
      <svg className="chart__svg" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${titleId} ${descId}`} preserveAspectRatio="xMinYMin meet">
        <title id={titleId}>{title}</title>
        <desc id={descId}>{summary}</desc>
        <defs>
          <pattern id="chart-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#fff" />
            <rect width="3" height="6" fill="#f2c88f" />
          </pattern>
        </defs>
        {data.map((d, index) => {
          const y = index * ROW + 4;
          const spent = scale(d.spent);
          const pending = scale(d.pending);
          const over = d.spent + d.pending > d.limit;
          return (
            <g key={d.key}>
              <text className="chart__label" x={0} y={y + 18}>{truncate(d.label, 58)}</text>
              <rect className="chart__track" x={1} y={y + 26} width={scale(d.limit)} height={BAR} />
              <rect className="chart__bar chart__bar--spent" x={1} y={y + 26} width={spent} height={BAR} />
              <rect className="chart__bar chart__bar--pending" x={1 + spent} y={y + 26} width={pending} height={BAR} />
              {over && <rect className="chart__bar chart__bar--over" x={1 + scale(d.limit)} y={y + 22} width={3} height={BAR + 8} />}
            </g>
          );
        })}
      </svg>
      <figcaption className="utrecht-paragraph">{summary}</figcaption>
    </figure>
  );
}
