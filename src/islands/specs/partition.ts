/**
 * The partition figure of chapter 6: a deeper network's exact linear regions, live, with a zoom
 * onto a small box of the plane.
 */
import { GRID_SIZE, type TargetName } from '../../core/targets.ts';
import { PARTITION_MAX_REGIONS, PARTITION_PRESETS } from '../../deep.ts';
import { FILL_MODES, type FillMode, zoomBox } from '../../render/partition.ts';
import type { FigureSpec } from '../live/figure.svelte.ts';
import type { Table } from '../live/table.ts';
import { speedSetting } from './common.ts';

export interface PartitionValues {
  preset: string;
  target: TargetName;
  fill: FillMode;
  zoom: number;
  /** The zoomed box's centre (in the link only; the probe point sets it). */
  zoomX: number;
  zoomY: number;
  speed: number;
}

/** Side of the picture the worker draws under a capped partition. */
export const PARTITION_IMAGE = 128;
export const ZOOMS = [1, 4, 16] as const;
const TARGET_LABELS: Record<TargetName, string> = { circle: 'disc', ring: 'ring' };

export const presetOf = (id: string) => PARTITION_PRESETS.find((p) => p.id === id) ?? PARTITION_PRESETS[0]!;

export const partitionTable: Table<PartitionValues> = {
  preset: { kind: 'choice', label: 'Network', code: 'n', effect: 'restart', option: 'network', choices: PARTITION_PRESETS.map((p) => p.id), default: PARTITION_PRESETS[0]!.id, format: (id) => presetOf(id).label },
  target: { kind: 'choice', label: 'Target', code: 't', effect: 'restart', choices: ['circle', 'ring'], default: 'circle', format: (t) => TARGET_LABELS[t] },
  fill: { kind: 'choice', label: 'Fill by', code: 'f', effect: 'view', choices: FILL_MODES.map((m) => m.id), default: 'slope', format: (f) => FILL_MODES.find((m) => m.id === f)!.label },
  zoom: { kind: 'choice', label: 'Zoom', code: 'z', effect: 'view', choices: ZOOMS, default: 1, format: (z) => (z === 1 ? 'whole square' : `× ${z}`) },
  zoomX: { kind: 'range', label: 'Zoom centre x', code: 'x', effect: 'view', min: -1, max: 1, default: 0, control: false },
  zoomY: { kind: 'range', label: 'Zoom centre y', code: 'y', effect: 'view', min: -1, max: 1, default: 0, control: false },
  speed: speedSetting(1),
};

export const partitionSpec: FigureSpec<PartitionValues> = {
  kind: 'partition',
  table: partitionTable,
  steps: 10,
  lab(v) {
    const preset = presetOf(v.preset);
    return { hidden: preset.hidden.join('-'), learningRate: preset.learningRate, batchSize: preset.batchSize, target: v.target, folds: 'partition' };
  },
  request(v, seed) {
    const preset = presetOf(v.preset);
    return {
      settings: { hidden: preset.hidden, optimizer: 'adam', learningRate: preset.learningRate, batchSize: preset.batchSize, seed },
      target: { kind: 'named', name: v.target },
      trainSize: GRID_SIZE,
      displaySize: PARTITION_IMAGE,
      backend: 'auto',
      engine: 'auto',
      regions: { maxRegions: PARTITION_MAX_REGIONS, box: zoomBox(v.zoom, v.zoomX, v.zoomY) },
    };
  },
};
