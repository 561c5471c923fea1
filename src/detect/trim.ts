/**
 * Trimming a set of characters from the ends of a string, in linear time: the regex forms (`/[.)]+$/`) are quadratic
 * on long runs that do not end the string.
 */
export function trimChars(text: string, chars: string, side: "start" | "end" | "both" = "both"): string {
  let start = 0;
  let end = text.length;
  if (side !== "end") while (start < end && chars.includes(text.charAt(start))) start++;
  if (side !== "start") while (end > start && chars.includes(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}
