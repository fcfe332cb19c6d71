// URL slugs from titles: lowercase ASCII words joined by hyphens (accents folded: "Idée" → "idee").
export function slugify(title: string, maxLength = 60): string {
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

export function withSuffix(slug: string, n: number) {
  return `${slug}-${n}`;
}
