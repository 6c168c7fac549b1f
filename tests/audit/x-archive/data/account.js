window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "suzuki@example.jp",
      "createdVia" : "web",
      "username" : "suzuki_hanako",
      "accountId" : "1001",
      "createdAt" : "2015-04-01T00:00:00.000Z",
      "accountDisplayName" : "鈴木花子"
    }
  }
]
