-- The KPI queries read the attempts of a period: by the time they started.
CREATE INDEX submissions_started ON submissions (started_at);
