import { createRequire } from 'node:module';
import { geoEqualEarth, geoPath, type GeoProjection } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/**
 * The world as the maps draw it: country outlines from Natural Earth 1:110m (world-atlas) in the Equal Earth
 * projection (areas true to size), and a point per country (from world-countries) for countries too small
 * for that scale (Bahrain, Singapore, Hong Kong...) and for the ends of migration corridors.
 */

const require = createRequire(import.meta.url);
const round = (value: number) => Math.round(value * 10) / 10;

export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 470;

export interface CountryShape {
  /** ISO 3166-1 alpha-2 ('' for the few outlines without a code). */
  code: string;
  path: string;
}

export interface World {
  shapes: CountryShape[];
  /** Projected points of every country, by alpha-2 code. */
  points: Map<string, [number, number]>;
  /** Countries with a point but no outline at this scale. */
  withoutShape: Set<string>;
  /** The outline of the globe. */
  outline: string;
}

interface Sources {
  collection: GeoJSON.FeatureCollection;
  codeOf: Map<string, string>;
  places: { code: string; longitude: number; latitude: number }[];
}
let sources: Sources | undefined;

function loadSources(): Sources {
  if (sources) return sources;
  const topology = require('world-atlas/countries-110m.json') as Topology<{ countries: GeometryCollection }>;
  const countries = require('world-countries') as { cca2: string; ccn3: string; latlng: [number, number] }[];
  sources = {
    collection: feature(topology, topology.objects.countries),
    codeOf: new Map(countries.map((country) => [country.ccn3, country.cca2])),
    places: countries.map((country) => ({
      code: country.cca2,
      latitude: country.latlng[0],
      longitude: country.latlng[1],
    })),
  };
  return sources;
}

/** The world projected into the map's frame. */
function project(projection: GeoProjection): World {
  const { collection, codeOf, places } = loadSources();
  // A tenth of a unit is finer than the map is drawn: shorter paths, the same picture.
  const path = geoPath(projection).digits(1);
  const shapes: CountryShape[] = [];
  for (const country of collection.features) {
    const drawn = path(country);
    if (drawn) shapes.push({ code: codeOf.get(String(country.id)) ?? '', path: drawn });
  }
  const shaped = new Set(shapes.map((shape) => shape.code));
  const points = new Map<string, [number, number]>();
  for (const place of places) {
    const point = projection([place.longitude, place.latitude]);
    if (point) points.set(place.code, [round(point[0]), round(point[1])]);
  }
  const withoutShape = new Set([...points.keys()].filter((code) => !shaped.has(code)));
  return { shapes, points, withoutShape, outline: path({ type: 'Sphere' }) ?? '' };
}

const FRAME: [[number, number], [number, number]] = [
  [4, 4],
  [MAP_WIDTH - 4, MAP_HEIGHT - 4],
];

let world: World | undefined;

/** The whole world, projected once. */
export function worldMap(): World {
  world ??= project(geoEqualEarth().fitExtent(FRAME, { type: 'Sphere' }));
  return world;
}

/**
 * The world fitted around the points of some countries, with a margin of some degrees around each (so that
 * flows within one region fill the frame); the whole world when none of them has a point.
 */
const regions = new Map<string, World>();

export function regionMap(codes: readonly string[]): World {
  const wanted = new Set(codes);
  const key = [...wanted].sort().join(',');
  const known = regions.get(key);
  if (known) return known;
  const region = fitRegion(wanted);
  // A few dozen regions at most are asked for in practice; the oldest goes first beyond that.
  if (regions.size >= 64) regions.delete(regions.keys().next().value!);
  regions.set(key, region);
  return region;
}

function fitRegion(wanted: Set<string>): World {
  const corners = loadSources()
    .places.filter((place) => wanted.has(place.code))
    .flatMap(({ longitude, latitude }) => [
      [Math.max(-180, longitude - 18), Math.max(-85, latitude - 12)],
      [Math.min(180, longitude + 18), Math.min(85, latitude + 12)],
    ]);
  if (corners.length === 0) return worldMap();
  return project(geoEqualEarth().fitExtent(FRAME, { type: 'MultiPoint', coordinates: corners }));
}

/**
 * A curved path from one country's point to another's (a quadratic curve bowed to one side of the line of
 * travel, so that flows both ways between two countries stay apart), or a small loop for a flow within one
 * country; undefined for a country without a point.
 */
export function flowPath(map: World, from: string, to: string): string | undefined {
  const start = map.points.get(from);
  const end = map.points.get(to);
  if (!start || !end) return undefined;
  const [x1, y1] = start;
  const [x2, y2] = end;
  if (from === to) return `M${x1},${y1} c-14,-22 14,-22 0,0`;
  const bow = 0.22;
  const cx = (x1 + x2) / 2 + (y2 - y1) * bow;
  const cy = (y1 + y2) / 2 - (x2 - x1) * bow;
  return `M${x1},${y1} Q${round(cx)},${round(cy)} ${x2},${y2}`;
}
