-- Leidraad 4.2.7: a zone whose monthly schouw is overdue is not enforced and shows in the control room as an
-- incident. Every node checks; at most one such incident is open per zone, whichever node opens it.
CREATE UNIQUE INDEX incidents_one_open_schouw_overdue ON incidents (device_id)
  WHERE ended_at IS NULL AND type = 'SCHOUW_OVERDUE';
