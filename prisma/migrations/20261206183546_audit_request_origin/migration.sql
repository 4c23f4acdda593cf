-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "address" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "requestId" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "userAgent" TEXT;

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_actorLabel_idx" ON "AuditEvent"("actorLabel");
