/**
 * The pictures the portrait chapter offers, with the credit line each must show. The files in
 * public/images are grayscale, centre-cropped, area-resampled derivatives made by
 * `node scripts/images.mjs` from the originals (see each credit for where they come from).
 */
export interface PicturePreset {
  readonly id: 'circle' | 'astronaut' | 'camera';
  readonly label: string;
  /** Under public/, or null for a target drawn by code. */
  readonly file: string | null;
  readonly credit: string;
  readonly alt: string;
}

/** Side of the committed derivatives, in pixels. */
export const PRESET_SIZE = 256;

export const PICTURES: readonly PicturePreset[] = [
  {
    id: 'astronaut',
    label: 'Astronaut',
    file: `images/astronaut-${PRESET_SIZE}.png`,
    credit: 'Eileen Collins, NASA astronaut; photograph by NASA, public domain (via the scikit-image sample data).',
    alt: 'Portrait of astronaut Eileen Collins, in grayscale.',
  },
  {
    id: 'camera',
    label: 'Photographer',
    file: `images/camera-${PRESET_SIZE}.png`,
    credit: 'Man with a camera on a tripod; photograph by Lav Varshney, CC0 (via the scikit-image sample data).',
    alt: 'A man with a camera on a tripod, in grayscale.',
  },
  {
    id: 'circle',
    label: 'Circle',
    file: null,
    credit: 'A white disc of radius 0.5 on black, drawn by code.',
    alt: 'A white disc on black.',
  },
];

/** Side of every prediction image a training figure draws (and of a picture's display copy). */
export const PICTURE_DISPLAY_SIZE = 256;
/** Side of the grid a picture is learnt on. */
export const PICTURE_TRAIN_SIZE = 96;

/** A picture ready to learn: its pixels at the training size and at the display size. */
export interface LoadedPicture {
  readonly label: string;
  readonly size: number;
  readonly train: Float32Array;
  readonly display: Float32Array;
}
