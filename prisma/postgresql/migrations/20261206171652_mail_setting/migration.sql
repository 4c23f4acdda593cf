-- CreateTable
CREATE TABLE "MailSetting" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "security" TEXT NOT NULL,
    "username" TEXT NOT NULL DEFAULT '',
    "passwordEncrypted" TEXT,
    "fromAddress" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "MailSetting_pkey" PRIMARY KEY ("id")
);
