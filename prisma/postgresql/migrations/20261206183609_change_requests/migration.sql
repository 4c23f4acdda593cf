-- AlterTable
ALTER TABLE "Profile" ADD COLUMN     "requireApproval" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ChangeRequest" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "clientInternalId" TEXT,
    "clientLabel" TEXT NOT NULL,
    "profileContextId" INTEGER,
    "payload" JSONB NOT NULL,
    "diff" JSONB NOT NULL,
    "baseVersion" INTEGER,
    "reason" TEXT NOT NULL,
    "authorType" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "authorLabel" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "deciderType" TEXT,
    "deciderId" TEXT,
    "deciderLabel" TEXT,
    "decisionComment" TEXT NOT NULL DEFAULT '',
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "sealedSecret" TEXT,
    "secretPickupUntil" TIMESTAMP(3),

    CONSTRAINT "ChangeRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChangeRequest_status_createdAt_idx" ON "ChangeRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ChangeRequest_clientInternalId_idx" ON "ChangeRequest"("clientInternalId");

-- CreateIndex
CREATE INDEX "ChangeRequest_authorId_idx" ON "ChangeRequest"("authorId");
