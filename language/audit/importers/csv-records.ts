import { ConfigError } from './importer.js';

/** One CSV record: its fields and the line it starts on (a quoted field may hold line breaks). */
export interface CsvRecord {
    readonly fields: readonly string[];
    readonly line: number;
}

/**
 * A CSV text as RFC 4180 writes it: fields separated by commas, records by CRLF (a bare LF is
 * taken too), a field in double quotes may hold commas, line breaks and doubled quotes. Strict: a
 * quote inside an unquoted field, text after a closing quote or a quote left open is a
 * ConfigError at its line, never a guess at what the writer meant. Empty lines are left out.
 */
export function csvRecords(text: string, file: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    let fields: string[] = [], field = '', line = 1, start = 1, i = 0;
    let atFieldStart = true, recordEmpty = true;
    const endField = () => { fields.push(field); field = ''; atFieldStart = true; };
    const endRecord = () => {
        if (!(recordEmpty && fields.length === 0 && field === '')) { endField(); records.push({ fields, line: start }); }
        fields = []; field = ''; atFieldStart = true; recordEmpty = true;
    };
    while (i < text.length) {
        const c = text[i];
        if (atFieldStart && c === '"') {
            const opened = line;
            i++;
            for (;;) {
                if (i >= text.length) throw new ConfigError(`${file} line ${opened}: a quoted field is not closed`, opened);
                if (text[i] === '"') {
                    if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
                    i++;
                    break;
                }
                if (text[i] === '\n') line++;
                field += text[i++];
            }
            recordEmpty = false;
            atFieldStart = false;
            const next = text[i];
            if (next !== undefined && next !== ',' && next !== '\n' && !(next === '\r' && text[i + 1] === '\n')) {
                throw new ConfigError(`${file} line ${line}: text after a quoted field's closing quote`, line);
            }
            continue;
        }
        if (c === ',') { recordEmpty = false; endField(); i++; continue; }
        if (c === '\r' && text[i + 1] === '\n') { endRecord(); i += 2; start = ++line; continue; }
        if (c === '\n') { endRecord(); i++; start = ++line; continue; }
        if (c === '"') throw new ConfigError(`${file} line ${line}: a double quote inside a field that is not quoted`, line);
        if (c === '\r') throw new ConfigError(`${file} line ${line}: a carriage return outside a quoted field and not before a line feed`, line);
        field += c;
        atFieldStart = false;
        recordEmpty = false;
        i++;
    }
    endRecord();
    return records;
}
