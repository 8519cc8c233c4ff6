-- Time-ordered ids for the rows written once per unit. Captures,
-- predictions, verdicts and adjudications now get UUIDv7 ids (schema.prisma's
-- uuid(7)): 48 bits of milliseconds first, then random bits. With random
-- (v4) ids every insert landed on a random leaf of each id index (and of the
-- indexes keyed by capture, prediction or verdict id), and the drift check's
-- concept reference (the latest 10,000 compared units, looked up through
-- comparisons' primary key by prediction id) touched a different leaf per
-- unit. On a million units of history, `npm run bench:load -- --history
-- 1000000` measured per verdict, before and after: WAL 39 KB and 18.5 KB,
-- full-page images in it 5.2 and 1.6, blocks read from outside shared
-- buffers 193 and 87 (comparisons_pkey alone 118,534 blocks in a run, then
-- none among the most read). Time-ordered ids put a day's rows on
-- neighbouring leaves. The browser's verdict keys are UUIDv7 too.
--
-- uuid_v7(at) makes such an id for a given time, for rows written in SQL
-- (the demo and bench histories, dated in the past). PostgreSQL 18 has
-- uuidv7() for the present only, and the app supports PostgreSQL 15: this
-- sets the timestamp into a random (v4) UUID and its version bits 0100 to
-- 0111, as RFC 9562 lays out.
CREATE FUNCTION uuid_v7(at timestamptz) RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(floor(extract(epoch FROM at) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;
