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

const ROW = 56;
const BAR = 22;

/** Spend against limit per row: the dashed outline is the limit, the solid part the approved spend, the hatched part
 * the spend awaiting a second coordinator, a red mark where spend passes the limit. All rows share one scale, so
 * projects compare by size. Sized in percentages, so it fits any width; an SVG image with a title and a text summary,
 * the exact figures belong in the table beside it. */
export function SpendChart({ title, summary, data }: { title: string; summary: string; data: SpendDatum[] }) {
  const titleId = useId();
  const descId = useId();
  const patternId = `hatch-${useId().replace(/:/g, '')}`;
  const max = Math.max(1, ...data.map((d) => Math.max(d.limit, d.spent + d.pending)));
  const height = Math.max(ROW, data.length * ROW);
  const pct = (cents: number) => `${(cents / max) * 99.5}%`;

  return (
    <figure className="chart">
      <svg className="chart__svg" width="100%" height={height} role="img" aria-labelledby={titleId} aria-describedby={descId}>
        <title id={titleId}>{title}</title>
        <desc id={descId}>{summary}</desc>
        <defs>
          <pattern id={patternId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#fff" />
            <rect width="3" height="6" fill="#f2c88f" />
          </pattern>
        </defs>
        {data.map((d, index) => {
          const y = index * ROW;
          const over = d.spent + d.pending > d.limit;
          return (
            <g key={d.key}>
              <text className="chart__label" x={0} y={y + 16}>{truncate(d.label, 40)}</text>
              <rect className="chart__track" x="1" y={y + 24} width={pct(d.limit)} height={BAR} />
              <rect className="chart__bar chart__bar--spent" x="1" y={y + 24} width={pct(d.spent)} height={BAR} />
              <svg x={pct(d.spent)} y={y + 24} width={pct(d.pending)} height={BAR} overflow="visible">
                <rect className="chart__bar--pending" x="1" y="0" width="100%" height={BAR} fill={`url(#${patternId})`} />
              </svg>
              {over && <rect className="chart__bar chart__bar--over" x={pct(d.limit)} y={y + 20} width={3} height={BAR + 8} />}
            </g>
          );
        })}
      </svg>
      <figcaption className="utrecht-paragraph">{summary}</figcaption>
    </figure>
  );
}
