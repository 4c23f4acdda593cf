-- CreateTable
CREATE TABLE "OnboardingProgress" (
    "adminId" TEXT NOT NULL,
    "clientInternalId" TEXT,
    "secretStoredAt" TIMESTAMP(3),
    "auditSeenAt" TIMESTAMP(3),
    "dismissedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OnboardingProgress_pkey" PRIMARY KEY ("adminId")
);
