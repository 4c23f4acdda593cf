-- CreateTable
CREATE TABLE "AuditSetting" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "retentionDays" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedBy" TEXT NOT NULL,
    "lastPurgeAt" TIMESTAMP(3),

    CONSTRAINT "AuditSetting_pkey" PRIMARY KEY ("id")
);
