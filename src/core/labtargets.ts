/**
 * Class targets learnt with squared error: each class a shade of gray, class k of K at
 * brightness k / (K − 1), so the network's single output is asked to draw the classes as a picture
 * (the disc's two classes are then the disc itself: 0 outside, 1 inside).
 */
import { CLASS_TARGETS, type ClassTargetName, classDataset } from './classes.ts';

/** Brightness of class k of K. */
export const classShade = (k: number, classes: number): number => k / (classes - 1);

/** The class target drawn as shades at the pixel centres of a size × size grid, row by row. */
export function classShades(name: ClassTargetName, size: number): Float32Array {
  const K = CLASS_TARGETS[name].classes;
  const labels = classDataset(name, size).targets;
  return Float32Array.from(labels, (k) => classShade(k, K));
}
