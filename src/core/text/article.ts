/**
 * `noun` after its indefinite article, by how its first letter sounds: `a work order`,
 * `an asset`, `a uniform`. `capital` starts a sentence: `An asset`.
 */
export function withArticle(noun: string, capital = false): string {
  const article = /^(?:[aeio]|u(?!ni|s[eu]|ti|ri))/i.test(noun) ? 'an' : 'a';
  return `${capital ? article.charAt(0).toUpperCase() + article.slice(1) : article} ${noun}`;
}
