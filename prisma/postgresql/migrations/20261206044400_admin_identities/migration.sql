-- AlterTable
ALTER TABLE "IdentityProvider" ADD COLUMN     "assumeEmailVerified" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "AdminIdentity" (
    "id" TEXT NOT NULL,
    "adminId" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "providerName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AdminIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AdminIdentity_issuer_subject_key" ON "AdminIdentity"("issuer", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "AdminIdentity_adminId_issuer_key" ON "AdminIdentity"("adminId", "issuer");

-- AddForeignKey
ALTER TABLE "AdminIdentity" ADD CONSTRAINT "AdminIdentity_adminId_fkey" FOREIGN KEY ("adminId") REFERENCES "AdminUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;
