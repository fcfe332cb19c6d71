// URL slugs from titles: lowercase ASCII words joined by hyphens (accents folded: "Idée" → "idee").
export const SLUG_MAX_LENGTH = 60;

export function slugify(title: string, maxLength = SLUG_MAX_LENGTH): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
  return slug || 'item';
}

/** The slug with "-suffix" appended, the slug cut first so that the whole stays within maxLength. */
export function withSuffix(slug: string, suffix: string, maxLength = SLUG_MAX_LENGTH) {
  const head = slug.slice(0, Math.max(1, maxLength - suffix.length - 1)).replace(/-+$/g, '');
  return `${head || 'item'}-${suffix}`;
}
