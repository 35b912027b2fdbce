-- CreateEnum
CREATE TYPE "Stage" AS ENUM ('MVP', 'GROWTH');

-- CreateEnum
CREATE TYPE "HypothesisCategory" AS ENUM ('DESIRABILITY', 'VIABILITY', 'FEASIBILITY', 'USABILITY');

-- CreateEnum
CREATE TYPE "HypothesisStatus" AS ENUM ('UNTESTED', 'TESTING', 'VALIDATED', 'INVALIDATED', 'INCONCLUSIVE');

-- CreateEnum
CREATE TYPE "ExperimentMethod" AS ENUM ('INTERVIEW', 'SURVEY', 'LANDING_PAGE', 'FAKE_DOOR', 'CONCIERGE', 'WIZARD_OF_OZ', 'PROTOTYPE', 'PRE_SALE', 'AB_TEST', 'OTHER');

-- CreateEnum
CREATE TYPE "MetricKind" AS ENUM ('RATE', 'COUNT', 'MEAN');

-- CreateEnum
CREATE TYPE "Comparator" AS ENUM ('GTE', 'LTE');

-- CreateEnum
CREATE TYPE "ExperimentStatus" AS ENUM ('DRAFT', 'RUNNING', 'CONCLUDED', 'ABANDONED');

-- CreateEnum
CREATE TYPE "Decision" AS ENUM ('PERSEVERE', 'PIVOT', 'KILL', 'RETEST');

-- CreateEnum
CREATE TYPE "Verdict" AS ENUM ('MET', 'NOT_MET', 'TOO_EARLY');

-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "experimentSeq" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "hypothesisSeq" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Product" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "stage" "Stage" NOT NULL DEFAULT 'MVP',
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Hypothesis" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "productId" TEXT NOT NULL,
    "statement" TEXT NOT NULL,
    "segment" TEXT NOT NULL DEFAULT '',
    "category" "HypothesisCategory" NOT NULL,
    "importance" INTEGER NOT NULL,
    "ownerId" TEXT,
    "status" "HypothesisStatus" NOT NULL DEFAULT 'UNTESTED',
    "statusOverridden" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Hypothesis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Experiment" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "hypothesisId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "method" "ExperimentMethod" NOT NULL,
    "plan" TEXT NOT NULL,
    "metricName" TEXT NOT NULL,
    "metricUnit" TEXT NOT NULL DEFAULT '',
    "metricKind" "MetricKind" NOT NULL,
    "comparator" "Comparator" NOT NULL,
    "target" DOUBLE PRECISION NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "status" "ExperimentStatus" NOT NULL DEFAULT 'DRAFT',
    "startedAt" TIMESTAMP(3),
    "concludedAt" TIMESTAMP(3),
    "criterionChangedAfterStart" BOOLEAN NOT NULL DEFAULT false,
    "finalVerdict" "Verdict",
    "observationCount" INTEGER NOT NULL DEFAULT 0,
    "successes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "trials" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "valueCount" INTEGER NOT NULL DEFAULT 0,
    "valueSum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "valueSumSquares" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "lastObservedOn" DATE,
    "maxStrength" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT NOT NULL,
    "retestOfId" TEXT,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Experiment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Observation" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "experimentId" TEXT NOT NULL,
    "observedOn" DATE NOT NULL,
    "successes" INTEGER,
    "trials" INTEGER,
    "value" DOUBLE PRECISION,
    "note" TEXT,
    "source" TEXT,
    "strength" INTEGER NOT NULL,
    "loggedById" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Observation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExperimentDay" (
    "teamId" TEXT NOT NULL,
    "experimentId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "successes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "trials" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "valueCount" INTEGER NOT NULL DEFAULT 0,
    "valueSum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "valueSumSquares" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "ExperimentDay_pkey" PRIMARY KEY ("teamId","experimentId","day")
);

-- CreateTable
CREATE TABLE "LearningCard" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "experimentId" TEXT NOT NULL,
    "observed" TEXT NOT NULL,
    "learned" TEXT NOT NULL,
    "nextSteps" TEXT NOT NULL,
    "decision" "Decision" NOT NULL,
    "verdictSnapshot" JSONB NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LearningCard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Comment" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "hypothesisId" TEXT,
    "experimentId" TEXT,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Comment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Product_teamId_name_idx" ON "Product"("teamId", "name");

-- CreateIndex
CREATE INDEX "Hypothesis_teamId_status_idx" ON "Hypothesis"("teamId", "status");

-- CreateIndex
CREATE INDEX "Hypothesis_teamId_productId_idx" ON "Hypothesis"("teamId", "productId");

-- CreateIndex
CREATE INDEX "Hypothesis_teamId_importance_idx" ON "Hypothesis"("teamId", "importance");

-- CreateIndex
CREATE UNIQUE INDEX "Hypothesis_teamId_number_key" ON "Hypothesis"("teamId", "number");

-- CreateIndex
CREATE INDEX "Experiment_teamId_status_endsOn_idx" ON "Experiment"("teamId", "status", "endsOn");

-- CreateIndex
CREATE INDEX "Experiment_teamId_hypothesisId_idx" ON "Experiment"("teamId", "hypothesisId");

-- CreateIndex
CREATE INDEX "Experiment_teamId_concludedAt_idx" ON "Experiment"("teamId", "concludedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Experiment_teamId_number_key" ON "Experiment"("teamId", "number");

-- CreateIndex
CREATE INDEX "Observation_teamId_experimentId_observedOn_idx" ON "Observation"("teamId", "experimentId", "observedOn");

-- CreateIndex
CREATE UNIQUE INDEX "Observation_teamId_experimentId_idempotencyKey_key" ON "Observation"("teamId", "experimentId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "LearningCard_experimentId_key" ON "LearningCard"("experimentId");

-- CreateIndex
CREATE INDEX "LearningCard_teamId_createdAt_idx" ON "LearningCard"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "Comment_teamId_hypothesisId_createdAt_idx" ON "Comment"("teamId", "hypothesisId", "createdAt");

-- CreateIndex
CREATE INDEX "Comment_teamId_experimentId_createdAt_idx" ON "Comment"("teamId", "experimentId", "createdAt");

-- AddForeignKey
ALTER TABLE "Product" ADD CONSTRAINT "Product_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Hypothesis" ADD CONSTRAINT "Hypothesis_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Hypothesis" ADD CONSTRAINT "Hypothesis_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Hypothesis" ADD CONSTRAINT "Hypothesis_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Hypothesis" ADD CONSTRAINT "Hypothesis_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_hypothesisId_fkey" FOREIGN KEY ("hypothesisId") REFERENCES "Hypothesis"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Observation" ADD CONSTRAINT "Observation_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Observation" ADD CONSTRAINT "Observation_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Observation" ADD CONSTRAINT "Observation_loggedById_fkey" FOREIGN KEY ("loggedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentDay" ADD CONSTRAINT "ExperimentDay_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentDay" ADD CONSTRAINT "ExperimentDay_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LearningCard" ADD CONSTRAINT "LearningCard_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LearningCard" ADD CONSTRAINT "LearningCard_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LearningCard" ADD CONSTRAINT "LearningCard_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_hypothesisId_fkey" FOREIGN KEY ("hypothesisId") REFERENCES "Hypothesis"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
