-- CreateTable
CREATE TABLE "ExperimentTemplate" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "method" "ExperimentMethod" NOT NULL,
    "plan" TEXT NOT NULL,
    "metricName" TEXT NOT NULL,
    "metricUnit" TEXT NOT NULL DEFAULT '',
    "metricKind" "MetricKind" NOT NULL,
    "comparator" "Comparator" NOT NULL,
    "target" DOUBLE PRECISION NOT NULL,
    "days" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExperimentTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExperimentTemplate_teamId_idx" ON "ExperimentTemplate"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "ExperimentTemplate_teamId_name_key" ON "ExperimentTemplate"("teamId", "name");

-- AddForeignKey
ALTER TABLE "ExperimentTemplate" ADD CONSTRAINT "ExperimentTemplate_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentTemplate" ADD CONSTRAINT "ExperimentTemplate_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
