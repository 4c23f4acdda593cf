-- CreateTable
CREATE TABLE "OnboardingProgress" (
    "adminId" TEXT NOT NULL PRIMARY KEY,
    "clientInternalId" TEXT,
    "secretStoredAt" DATETIME,
    "auditSeenAt" DATETIME,
    "dismissedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);
