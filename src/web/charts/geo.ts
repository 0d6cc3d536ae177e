import { createRequire } from 'node:module';
import { geoEqualEarth, geoPath, type GeoProjection } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/**
 * The world as the maps draw it: country outlines from Natural Earth 1:110m (world-atlas), projected once
 * with the Equal Earth projection (areas true to size) into a fixed frame, and a point per country (from
 * world-countries) for countries too small for that scale (Bahrain, Singapore, Hong Kong...) and for the ends
 * of migration corridors.
 */

const require = createRequire(import.meta.url);

export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 470;

export interface CountryShape {
  /** ISO 3166-1 alpha-2. */
  code: string;
  path: string;
}

interface World {
  projection: GeoProjection;
  shapes: CountryShape[];
  /** Projected points of every country, by alpha-2 code. */
  points: Map<string, [number, number]>;
  /** Countries with a point but no outline at this scale. */
  withoutShape: Set<string>;
  outline: string;
}

let world: World | undefined;

export function worldMap(): World {
  if (world) return world;
  const topology = require('world-atlas/countries-110m.json') as Topology<{ countries: GeometryCollection }>;
  const countries = require('world-countries') as {
    cca2: string;
    ccn3: string;
    latlng: [number, number];
  }[];
  const codeOf = new Map(countries.map((country) => [country.ccn3, country.cca2]));
  const collection = feature(topology, topology.objects.countries);
  const projection = geoEqualEarth().fitExtent(
    [
      [4, 4],
      [MAP_WIDTH - 4, MAP_HEIGHT - 4],
    ],
    { type: 'Sphere' },
  );
  const path = geoPath(projection);
  const shapes: CountryShape[] = [];
  for (const country of collection.features) {
    const code = codeOf.get(String(country.id)) ?? '';
    const drawn = path(country);
    if (drawn) shapes.push({ code, path: drawn });
  }
  const shaped = new Set(shapes.map((shape) => shape.code));
  const points = new Map<string, [number, number]>();
  for (const country of countries) {
    const [latitude, longitude] = country.latlng;
    const point = projection([longitude, latitude]);
    if (point) points.set(country.cca2, [round(point[0]), round(point[1])]);
  }
  const withoutShape = new Set([...points.keys()].filter((code) => !shaped.has(code)));
  world = {
    projection,
    shapes,
    points,
    withoutShape,
    outline: path({ type: 'Sphere' }) ?? '',
  };
  return world;
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * A curved path from one country's point to another's (a quadratic curve bowed to the left of the line of
 * travel, so that flows both ways between two countries stay apart), or a small loop for a flow within one
 * country; undefined for a country without a point.
 */
export function flowPath(from: string, to: string): string | undefined {
  const { points } = worldMap();
  const start = points.get(from);
  const end = points.get(to);
  if (!start || !end) return undefined;
  const [x1, y1] = start;
  const [x2, y2] = end;
  if (from === to) return `M${x1},${y1} c-14,-22 14,-22 0,0`;
  const bow = 0.22;
  const cx = (x1 + x2) / 2 + (y2 - y1) * bow;
  const cy = (y1 + y2) / 2 - (x2 - x1) * bow;
  return `M${x1},${y1} Q${round(cx)},${round(cy)} ${x2},${y2}`;
}
