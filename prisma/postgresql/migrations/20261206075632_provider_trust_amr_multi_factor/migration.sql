-- AlterTable
ALTER TABLE "IdentityProvider" ADD COLUMN     "trustAmrMultiFactor" BOOLEAN NOT NULL DEFAULT false;
