import sharp from 'sharp';

/** A phone-like JPEG with GPS coordinates and a camera make in its EXIF, as a phone would send it. */
export async function jpegWithGps(width = 320, height = 240): Promise<Uint8Array> {
  const buffer = await sharp({ create: { width, height, channels: 3, background: { r: 180, g: 40, b: 30 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'CanaryPhone', Model: 'Model GPS-1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 1234/100', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 39/1' },
    })
    .toBuffer();
  return new Uint8Array(buffer);
}

/** A small PNG, WebP or GIF of one colour. */
export async function image(format: 'png' | 'webp' | 'gif', width = 40, height = 30): Promise<Uint8Array> {
  const base = sharp({ create: { width, height, channels: 3, background: { r: 20, g: 120, b: 200 } } });
  return new Uint8Array(await base.toFormat(format).toBuffer());
}

/** The start of an iPhone HEIC photo (an ISO-BMFF `ftyp` box of brand `heic`). */
export const HEIC_HEADER = new Uint8Array([0, 0, 0, 0x18, ...Buffer.from('ftypheic'), 0, 0, 0, 0, ...Buffer.from('mif1heic')]);

/** Whether EXIF holds a GPS block: the GPS IFD pointer tag (0x8825) in either byte order. */
export function hasGpsTag(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  return exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));
}

/** A multipart web message: fields, then one `file` part per photo. */
export function photoForm(fields: Record<string, string>, files: Array<{ name: string; bytes: Uint8Array; type?: string }>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  for (const file of files) form.append('file', new Blob([Buffer.from(file.bytes)], { type: file.type ?? 'image/jpeg' }), file.name);
  return form;
}
