import type { ComponentChildren } from 'preact';
import { scaleBand, scaleLinear, scaleQuantile, scaleSqrt } from 'd3-scale';
import { flowPath, MAP_HEIGHT, MAP_WIDTH, regionMap, worldMap } from './geo.ts';

/**
 * Charts as SVG rendered on the server: no script, readable without one. Each has a title and a text
 * alternative (`<title>`, `<desc>`), axes or a legend with units, and marks that carry the value they draw
 * (`data-key`, `data-value`), so that the table beside the chart can be checked against it.
 */

export interface DrawnRow {
  key: string;
  label: string;
  count: number;
}

export interface ChartText {
  id: string;
  title: string;
  /** A sentence or two that says what the chart shows, for people who cannot see it. */
  description: string;
  /** The unit of the values, e.g. "records". */
  unit: string;
  formatNumber(value: number): string;
}

/** Marks and text colours; the blues step evenly in lightness and the darkest text stays AA on white. */
export const PALETTE = {
  bar: '#2a6db5',
  ink: '#1b1f24',
  paper: '#ffffff',
  muted: '#4a5360',
  grid: '#d5dae1',
  land: '#e6e9ee',
  landLine: '#ffffff',
  sea: '#f7f9fc',
  flow: '#c2410c',
  classes: ['#d6e6f5', '#a3c8e8', '#5e9fd6', '#2a6db5', '#0d3f78'],
};

const truncate = (text: string, length: number) =>
  text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text;

function Svg(props: { text: ChartText; width: number; height: number; children: ComponentChildren }) {
  const { text, width, height } = props;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-labelledby={`${text.id}-title ${text.id}-desc`}
      class="chart-svg"
      font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
      font-size="12"
    >
      <title id={`${text.id}-title`}>{text.title}</title>
      <desc id={`${text.id}-desc`}>{text.description}</desc>
      {props.children}
    </svg>
  );
}

/** Horizontal bars, one per value, labelled on the left, the count at the end of the bar. */
export function BarChart(props: { text: ChartText; rows: DrawnRow[] }) {
  const { text, rows } = props;
  const width = 540;
  const labelWidth = 200;
  const rowHeight = 24;
  const top = 8;
  const axis = 30;
  const height = top + Math.max(rows.length, 1) * rowHeight + axis;
  const max = rows.reduce((most, row) => Math.max(most, row.count), 1);
  const x = scaleLinear()
    .domain([0, max])
    .nice(4)
    .range([labelWidth + 8, width - 56]);
  const ticks = x.ticks(4);
  return (
    <Svg text={text} width={width} height={height}>
      {ticks.map((tick) => (
        <g>
          <line
            x1={x(tick)}
            x2={x(tick)}
            y1={top}
            y2={height - axis + 4}
            stroke={PALETTE.grid}
            stroke-width="1"
          />
          <text x={x(tick)} y={height - axis + 17} text-anchor="middle" fill={PALETTE.muted}>
            {text.formatNumber(tick)}
          </text>
        </g>
      ))}
      <text x={(labelWidth + width) / 2} y={height - 2} text-anchor="middle" fill={PALETTE.muted}>
        {text.unit}
      </text>
      {rows.map((row, index) => {
        const y = top + index * rowHeight;
        const barWidth = Math.max(x(row.count) - x(0), row.count > 0 ? 1 : 0);
        return (
          <g class="mark" data-key={row.key} data-value={row.count}>
            <title>{`${row.label}: ${text.formatNumber(row.count)} ${text.unit}`}</title>
            <text x={labelWidth} y={y + rowHeight / 2 + 4} text-anchor="end" fill={PALETTE.ink}>
              {truncate(row.label, 28)}
            </text>
            <rect x={x(0)} y={y + 4} width={barWidth} height={rowHeight - 8} fill={PALETTE.bar} />
            <text class="value" x={x(0) + barWidth + 5} y={y + rowHeight / 2 + 4} fill={PALETTE.ink}>
              {text.formatNumber(row.count)}
            </text>
          </g>
        );
      })}
    </Svg>
  );
}

/** Columns per period on a time axis, with gridlines; the labels thin out when periods are many. */
export function TimeChart(props: { text: ChartText; rows: DrawnRow[]; periodName: string }) {
  const { text, rows } = props;
  const width = 900;
  const height = 280;
  const margin = { top: 12, right: 12, bottom: 46, left: 64 };
  const x = scaleBand<string>()
    .domain(rows.map((row) => row.key))
    .range([margin.left, width - margin.right])
    .paddingInner(rows.length > 60 ? 0.1 : 0.2);
  const max = rows.reduce((most, row) => Math.max(most, row.count), 1);
  const y = scaleLinear()
    .domain([0, max])
    .nice(5)
    .range([height - margin.bottom, margin.top]);
  const every = Math.max(1, Math.ceil(rows.length / 12));
  return (
    <Svg text={text} width={width} height={height}>
      {y.ticks(5).map((tick) => (
        <g>
          <line
            x1={margin.left}
            x2={width - margin.right}
            y1={y(tick)}
            y2={y(tick)}
            stroke={PALETTE.grid}
            stroke-width="1"
          />
          <text x={margin.left - 6} y={y(tick) + 4} text-anchor="end" fill={PALETTE.muted}>
            {text.formatNumber(tick)}
          </text>
        </g>
      ))}
      <text
        transform={`translate(14 ${(margin.top + height - margin.bottom) / 2}) rotate(-90)`}
        text-anchor="middle"
        fill={PALETTE.muted}
      >
        {text.unit}
      </text>
      {rows.map((row, index) => (
        <g class="mark" data-key={row.key} data-value={row.count}>
          <title>{`${row.label}: ${text.formatNumber(row.count)} ${text.unit}`}</title>
          <rect
            x={x(row.key)}
            y={y(row.count)}
            width={x.bandwidth()}
            height={y(0) - y(row.count)}
            fill={PALETTE.bar}
          />
          {index % every === 0 && (
            <text
              x={x(row.key)! + x.bandwidth() / 2}
              y={height - margin.bottom + 16}
              text-anchor="middle"
              fill={PALETTE.muted}
            >
              {row.key}
            </text>
          )}
        </g>
      ))}
      <line
        x1={margin.left}
        x2={width - margin.right}
        y1={y(0)}
        y2={y(0)}
        stroke={PALETTE.muted}
        stroke-width="1"
      />
      <text x={(margin.left + width) / 2} y={height - 6} text-anchor="middle" fill={PALETTE.muted}>
        {props.periodName}
      </text>
    </Svg>
  );
}

/** Classes of a choropleth: quantiles of the values above zero, at most five. */
function classesOf(counts: number[]) {
  const values = counts.filter((count) => count > 0);
  const distinct = new Set(values).size;
  const size = Math.max(1, Math.min(PALETTE.classes.length, distinct));
  const colours = PALETTE.classes.slice(PALETTE.classes.length - size);
  const scale = scaleQuantile<string>()
    .domain(values.length > 0 ? values : [1])
    .range(colours);
  const thresholds = scale.quantiles();
  const max = values.reduce((most, value) => Math.max(most, value), 1);
  const min = values.length > 0 ? values.reduce((least, value) => Math.min(least, value), Infinity) : 1;
  const bounds = [min, ...thresholds.map((value) => Math.ceil(value)), max + 1];
  const legend = colours.map((colour, index) => ({
    colour,
    from: bounds[index]!,
    to: Math.max(bounds[index]!, bounds[index + 1]! - 1),
  }));
  return { colour: (count: number) => (count > 0 ? scale(count) : PALETTE.land), legend };
}

/** Countries shaded by their count; those too small for the outlines are dots. */
export function ChoroplethMap(props: { text: ChartText; rows: DrawnRow[]; legendTitle: string }) {
  const { text, rows } = props;
  const { shapes, points, withoutShape, outline } = worldMap();
  const byCode = new Map(rows.map((row) => [row.key, row]));
  const { colour, legend } = classesOf(rows.map((row) => row.count));
  const legendHeight = 40;
  return (
    <Svg text={text} width={MAP_WIDTH} height={MAP_HEIGHT + legendHeight}>
      <path d={outline} fill={PALETTE.sea} stroke={PALETTE.grid} />
      {shapes.map((shape) => {
        const row = byCode.get(shape.code);
        return (
          <path
            d={shape.path}
            fill={colour(row?.count ?? 0)}
            stroke={PALETTE.landLine}
            stroke-width="0.5"
            {...(row ? { class: 'mark', 'data-key': row.key, 'data-value': row.count } : {})}
          >
            {row && <title>{`${row.label}: ${text.formatNumber(row.count)} ${text.unit}`}</title>}
          </path>
        );
      })}
      {rows
        .filter((row) => withoutShape.has(row.key) && points.has(row.key))
        .map((row) => {
          const [x, y] = points.get(row.key)!;
          return (
            <circle
              cx={x}
              cy={y}
              r="4"
              fill={colour(row.count)}
              stroke={PALETTE.ink}
              stroke-width="0.8"
              class="mark"
              data-key={row.key}
              data-value={row.count}
            >
              <title>{`${row.label}: ${text.formatNumber(row.count)} ${text.unit}`}</title>
            </circle>
          );
        })}
      <rect x="0" y={MAP_HEIGHT} width={MAP_WIDTH} height={legendHeight} fill={PALETTE.paper} />
      <g transform={`translate(12 ${MAP_HEIGHT + 6})`}>
        <text x="0" y="12" fill={PALETTE.ink}>
          {props.legendTitle}
        </text>
        {legend.map((item, index) => (
          <g transform={`translate(${150 + index * 120} 0)`}>
            <rect width="18" height="14" fill={item.colour} stroke={PALETTE.muted} stroke-width="0.5" />
            <text x="24" y="12" fill={PALETTE.ink}>
              {item.from === item.to
                ? text.formatNumber(item.from)
                : `${text.formatNumber(item.from)}–${text.formatNumber(item.to)}`}
            </text>
          </g>
        ))}
      </g>
    </Svg>
  );
}

/** Migration corridors as curved arrows from the origin country to the country of the abuse. */
export function FlowMap(props: {
  text: ChartText;
  rows: DrawnRow[];
  legendTitle: string;
  /** A country's name, for the labels at the ends of the flows. */
  placeName: (code: string) => string;
}) {
  const { text, rows } = props;
  const map = regionMap(rows.flatMap((row) => row.key.split('-')));
  const { shapes, points, outline } = map;
  const max = rows.reduce((most, row) => Math.max(most, row.count), 1);
  const width = scaleSqrt().domain([0, max]).range([0, 9]);
  const marker = `${text.id}-arrow`;
  const legendHeight = 40;
  const drawn = rows
    .map((row) => {
      const [origin = '', destination = ''] = row.key.split('-');
      return { row, origin, destination, path: flowPath(map, origin, destination) };
    })
    .filter((flow) => flow.path);
  // The widest flows are drawn first, so that thin ones stay visible on top.
  const ordered = [...drawn].sort((a, b) => b.row.count - a.row.count);
  return (
    <Svg text={text} width={MAP_WIDTH} height={MAP_HEIGHT + legendHeight}>
      <defs>
        <marker
          id={marker}
          viewBox="0 0 10 10"
          refX="7"
          refY="5"
          markerUnits="userSpaceOnUse"
          markerWidth="11"
          markerHeight="11"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" fill={PALETTE.flow} />
        </marker>
      </defs>
      <path d={outline} fill={PALETTE.sea} stroke={PALETTE.grid} />
      {shapes.map((shape) => (
        <path d={shape.path} fill={PALETTE.land} stroke={PALETTE.landLine} stroke-width="0.5" />
      ))}
      {ordered.map(({ row, path }) => (
        <path
          d={path}
          fill="none"
          stroke={PALETTE.flow}
          stroke-opacity="0.75"
          stroke-width={Math.max(1.2, width(row.count))}
          stroke-linecap="round"
          marker-end={`url(#${marker})`}
          class="mark"
          data-key={row.key}
          data-value={row.count}
        >
          <title>{`${row.label}: ${text.formatNumber(row.count)} ${text.unit}`}</title>
        </path>
      ))}
      {[...new Set(drawn.flatMap((flow) => [flow.origin, flow.destination]))].map((code) => {
        const [x, y] = points.get(code)!;
        return (
          <g>
            <circle cx={x} cy={y} r="2.5" fill={PALETTE.ink} />
            <text
              x={x + 5}
              y={y - 5}
              fill={PALETTE.ink}
              stroke={PALETTE.paper}
              stroke-width="3"
              paint-order="stroke"
              font-size="11"
            >
              {props.placeName(code)}
            </text>
          </g>
        );
      })}
      <rect x="0" y={MAP_HEIGHT} width={MAP_WIDTH} height={legendHeight} fill={PALETTE.paper} />
      <g transform={`translate(12 ${MAP_HEIGHT + 6})`}>
        <text x="0" y="12" fill={PALETTE.ink}>
          {props.legendTitle}
        </text>
        {[max, Math.max(1, Math.round(max / 4))]
          .filter((value, index, all) => all.indexOf(value) === index)
          .map((value, index) => (
            <g transform={`translate(${150 + index * 150} 0)`}>
              <line
                x1="0"
                x2="40"
                y1="7"
                y2="7"
                stroke={PALETTE.flow}
                stroke-opacity="0.75"
                stroke-width={Math.max(1.2, width(value))}
              />
              <text x="48" y="12" fill={PALETTE.ink}>
                {`${text.formatNumber(value)} ${text.unit}`}
              </text>
            </g>
          ))}
      </g>
    </Svg>
  );
}
