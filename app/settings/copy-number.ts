/**
 * Where the 份号 (copy number) prints on the first line of the type area: 'left', the place
 * GB/T 9704 gives it, or 'right', opposite the mark, as many 内参 print it.
 */
export const COPY_NUMBER_POSITIONS = ['left', 'right'] as const
export type CopyNumberPosition = (typeof COPY_NUMBER_POSITIONS)[number]
