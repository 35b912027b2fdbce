-- Search: a generated tsvector per searchable table (weights: A titles, B key text, C bodies,
-- D names), each with a GIN index, and trigram indexes on titles for typos and prefixes.
-- Everything is read as English, queries too, so "invoices" finds "invoice" and a name finds itself.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE "Hypothesis" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english'::regconfig, "statement"), 'A') ||
  setweight(to_tsvector('english'::regconfig, "segment"), 'B')
) STORED;
CREATE INDEX "Hypothesis_searchVector_idx" ON "Hypothesis" USING GIN ("searchVector");
CREATE INDEX "Hypothesis_statement_trgm_idx" ON "Hypothesis" USING GIN ("statement" gin_trgm_ops);

ALTER TABLE "Experiment" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english'::regconfig, "title"), 'A') ||
  setweight(to_tsvector('english'::regconfig, "metricName"), 'B') ||
  setweight(to_tsvector('english'::regconfig, "plan"), 'C')
) STORED;
CREATE INDEX "Experiment_searchVector_idx" ON "Experiment" USING GIN ("searchVector");
CREATE INDEX "Experiment_title_trgm_idx" ON "Experiment" USING GIN ("title" gin_trgm_ops);

ALTER TABLE "Observation" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english'::regconfig, coalesce("note", '')), 'C') ||
  setweight(to_tsvector('english'::regconfig, coalesce("source", '')), 'D')
) STORED;
CREATE INDEX "Observation_searchVector_idx" ON "Observation" USING GIN ("searchVector");

ALTER TABLE "LearningCard" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english'::regconfig, "learned"), 'B') ||
  setweight(to_tsvector('english'::regconfig, "observed"), 'C') ||
  setweight(to_tsvector('english'::regconfig, "nextSteps"), 'C')
) STORED;
CREATE INDEX "LearningCard_searchVector_idx" ON "LearningCard" USING GIN ("searchVector");

ALTER TABLE "Comment" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english'::regconfig, "body"), 'C')
) STORED;
CREATE INDEX "Comment_searchVector_idx" ON "Comment" USING GIN ("searchVector");

ALTER TABLE "Review" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english'::regconfig, "decisions"), 'B') ||
  setweight(to_tsvector('english'::regconfig, "notes"), 'C') ||
  setweight(to_tsvector('english'::regconfig, "attendees"), 'D')
) STORED;
CREATE INDEX "Review_searchVector_idx" ON "Review" USING GIN ("searchVector");

ALTER TABLE "InvestorUpdate" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english'::regconfig, "title"), 'A') ||
  setweight(to_tsvector('english'::regconfig, "highlights"), 'C') ||
  setweight(to_tsvector('english'::regconfig, "lowlights"), 'C') ||
  setweight(to_tsvector('english'::regconfig, "asks"), 'C')
) STORED;
CREATE INDEX "InvestorUpdate_searchVector_idx" ON "InvestorUpdate" USING GIN ("searchVector");
CREATE INDEX "InvestorUpdate_title_trgm_idx" ON "InvestorUpdate" USING GIN ("title" gin_trgm_ops);
