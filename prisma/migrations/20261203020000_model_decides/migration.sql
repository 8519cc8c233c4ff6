-- Who decides a unit, as SQL: the same rule as modelDecides() in
-- lib/automation/routing.ts (a test holds them together). At FULL the model
-- decides every unit; at PARTIAL those scored at or below `ok` or at or above
-- `defect`; below PARTIAL none. The evidence, what-if, audit-sample, drift and
-- estimate queries all read it from here.
CREATE FUNCTION model_decides(level "AutomationLevel", defect_score float8, ok float8, defect float8) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN level = 'FULL' OR (level = 'PARTIAL' AND (defect_score <= ok OR defect_score >= defect));
