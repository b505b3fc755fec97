import type { SalesSummary } from '@ironcart/server/api';
import { useLayoutEffect, useRef, useState } from 'react';
import { formatMoney } from '../../format.js';

const HEIGHT = 260;
const MARGIN = { top: 14, right: 8, bottom: 30, left: 58 };
const TICKS = 4;

const dayFormat = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});
const dayOf = (date: string) => dayFormat.format(new Date(`${date}T12:00:00Z`));
const cents = (amount: string) => Math.round(Number(amount) * 100);

/** 0, 1, 2, 2.5 or 5 times a power of ten: a round step at least `raw`. */
function niceStep(raw: number): number {
  if (raw <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 2.5, 5, 10]) if (factor * power >= raw) return factor * power;
  return 10 * power;
}

/** The width of an element, kept up to date as it resizes. */
function useWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

/**
 * Revenue per day as an SVG bar chart, drawn at the width it has (so its text keeps its size
 * on a phone). For assistive technology it is one image with a summary as its name; the page
 * offers the numbers as a table too.
 */
export function SalesChart({ summary }: { summary: SalesSummary }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const currency = summary.currency;
  const compact = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  });
  const days = summary.days.map((day) => ({ ...day, cents: cents(day.revenue.amount) }));
  const max = Math.max(0, ...days.map((day) => day.cents));
  const step = niceStep(max / TICKS);
  const top = step * TICKS;

  const best = days.reduce<(typeof days)[number] | null>(
    (most, day) => (day.cents > 0 && (!most || day.cents > most.cents) ? day : most),
    null,
  );
  const first = summary.days[0];
  const last = summary.days[summary.days.length - 1];
  const label = `Bar chart of revenue per day, ${first ? dayOf(first.date) : ''} to ${
    last ? dayOf(last.date) : ''
  }: ${formatMoney(summary.totals.revenue)} from ${summary.totals.orders} ${
    summary.totals.orders === 1 ? 'order' : 'orders'
  }${best ? `; best day ${dayOf(best.date)} with ${formatMoney(best.revenue)}` : ''}.`;

  const plotWidth = Math.max(0, width - MARGIN.left - MARGIN.right);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const band = days.length ? plotWidth / days.length : 0;
  const barWidth = Math.max(1, Math.min(28, band * 0.72));
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const labelEvery = Math.max(1, Math.ceil(64 / Math.max(band, 1)));

  return (
    <div className="chart" ref={ref}>
      {width > 0 && (
        <svg
          role="img"
          aria-label={label}
          width={width}
          height={HEIGHT}
          viewBox={`0 0 ${width} ${HEIGHT}`}
          className="chart-svg"
          data-testid="sales-chart"
        >
          {Array.from({ length: TICKS + 1 }, (_, i) => {
            const value = step * i;
            return (
              <g key={value} className="chart-grid">
                <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(value)} y2={y(value)} />
                <text x={MARGIN.left - 8} y={y(value)} dy="0.32em" textAnchor="end">
                  {compact.format(value / 100)}
                </text>
              </g>
            );
          })}
          {days.map((day, i) => {
            const x = MARGIN.left + band * i + (band - barWidth) / 2;
            const height = (day.cents / top) * plotHeight;
            return (
              <g key={day.date}>
                <rect
                  className="chart-bar"
                  x={x}
                  y={MARGIN.top + plotHeight - height}
                  width={barWidth}
                  height={height}
                  rx={Math.min(3, barWidth / 3)}
                >
                  <title>
                    {`${dayOf(day.date)}: ${formatMoney(day.revenue)}, ${day.orders} ${
                      day.orders === 1 ? 'order' : 'orders'
                    }`}
                  </title>
                </rect>
                {(days.length - 1 - i) % labelEvery === 0 && (
                  <text
                    className="chart-day"
                    x={
                      i === days.length - 1 && band < 48
                        ? width - MARGIN.right
                        : MARGIN.left + band * i + band / 2
                    }
                    y={HEIGHT - 10}
                    textAnchor={i === days.length - 1 && band < 48 ? 'end' : 'middle'}
                  >
                    {dayOf(day.date)}
                  </text>
                )}
              </g>
            );
          })}
          <line
            className="chart-axis"
            x1={MARGIN.left}
            x2={width - MARGIN.right}
            y1={MARGIN.top + plotHeight}
            y2={MARGIN.top + plotHeight}
          />
        </svg>
      )}
    </div>
  );
}
