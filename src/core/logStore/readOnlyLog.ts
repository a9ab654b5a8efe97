import { errorMessage } from '../errors';
import { decodeLine } from './lineFormat';
import type { LogKind } from './logKind';
import { LogStoreError } from './logStoreError';
import { loadSegments } from './openSegments';
import { readLines } from './readSegment';

/**
 * Every record of `kind` in `dir`, newest first (the newest version of each id), read without
 * writing anything: unlike {@link LogStore.open} it neither cuts a torn last line nor drops old
 * segments, so it is safe on a log that the editor or `listen` is writing at the same time, and
 * keeps to whatever retention they were given.
 * @throws LogStoreError (`openFailed`) when the folder or a segment cannot be read.
 */
export function readLogRecords<T>(dir: string, kind: LogKind<T>, onWarning?: (message: string) => void): T[] {
  let places;
  try {
    const loaded = loadSegments(dir, kind);
    for (const warning of loaded.report.warnings) onWarning?.(warning);
    const seen = new Set<string>();
    places = loaded.segments
      .flatMap(({ segment, contents }) => contents.lines.map((line) => ({ ...line, segment })))
      .reverse()
      .filter(({ facets }) => !seen.has(facets.id) && seen.add(facets.id));
    const records: T[] = [];
    for (const line of readLines(places)) {
      const record = decodeLine(kind, line);
      if (record !== undefined) records.push(record);
    }
    return records;
  } catch (error) {
    if (LogStoreError.is(error)) throw error;
    throw new LogStoreError(
      'openFailed',
      `Cannot read the ${kind.name} log in ${dir}: ${errorMessage(error)}.`,
      {
        cause: error,
      },
    );
  }
}
