BEGIN TRANSACTION;
CREATE TABLE "journal" (
   "txn_id" TEXT PRIMARY KEY,
   "session_id" TEXT,
   "flow" TEXT,
   "status" TEXT,
   "order_id" TEXT,
   "amount" REAL,
   "submit" TEXT,
   "result" TEXT,
   "created_at" REAL,
   "updated_at" REAL
);
INSERT INTO "journal" VALUES('chat-20261206-094920-6d658c406274-1','chat-20261206-094920-6d658c406274','exit_entry.endorse_hk_macau','paid','chat-20261206-094920-6d658c406274-1-p1',30.0,'{"adapter": "exit_entry", "op": "issue", "args": {"id_number": "330903198508201315", "region": "hk_macau", "tour": "individual", "times": "twice", "order_id": "chat-20261206-094920-6d658c406274-1-p1", "amount": 30.0}}',NULL,1.7965505603175888061e+09,1.79655056032209610936e+09);
CREATE TABLE "misunderstood" (
   "id" INTEGER PRIMARY KEY,
   "session_id" TEXT,
   "at" REAL,
   "text" TEXT,
   "kind" TEXT,
   "guess" TEXT,
   "score" REAL,
   "second" TEXT,
   "state" TEXT,
   "flow" TEXT,
   "served" TEXT,
   "outcome" TEXT
);
CREATE TABLE "sessions" (
   "id" TEXT PRIMARY KEY,
   "started_at" REAL,
   "ended_at" REAL,
   "outcome" TEXT,
   "flow" TEXT,
   "turns" INTEGER,
   "where" TEXT
);
INSERT INTO "sessions" VALUES('chat-20261206-094920-6d658c406274',1.79655056030993437767e+09,NULL,NULL,NULL,9,NULL);
CREATE TABLE "staff_calls" (
   "id" INTEGER PRIMARY KEY,
   "session_id" TEXT,
   "at" REAL,
   "urgent" INTEGER,
   "flow" TEXT,
   "reason" TEXT
);
CREATE TABLE "turns" (
   "session_id" TEXT,
   "n" INTEGER,
   "heard" TEXT,
   "intent" TEXT,
   "state" TEXT,
   "say" TEXT,
   "at" REAL,
   PRIMARY KEY ("session_id", "n")
);
INSERT INTO "turns" VALUES('chat-20261206-094920-6d658c406274',0,'','','menu','您好，我是自助警务语音助手。请说您要办理的业务，或者按键选择：说''一''或按1，办理身份证业务；说''二''或按2，办理出入境签注；说''三''或按3，查询或缴纳交通违法罚款；说''四''或按4，办理驾驶证和车辆业务；说''五''或按5，拍证件照；说''六''或按6，听办事指南。需要工作人员请按0。',1.79655056031111407281e+09);
INSERT INTO "turns" VALUES('chat-20261206-094920-6d658c406274',1,'<key:2>','exit_entry','submenu','办理出入境签注：说''一''或按1，办理港澳签注；说''二''或按2，查询出入境办理进度。返回上一级请按9。',1.79655056031195187573e+09);
INSERT INTO "turns" VALUES('chat-20261206-094920-6d658c406274',2,'<key:1>','exit_entry.endorse_hk_macau','card','好的，办理港澳签注。请把身份证放在读卡区。',1.79655056031284475329e+09);
INSERT INTO "turns" VALUES('chat-20261206-094920-6d658c406274',3,'<card:valid>','','face','已读取陈**的身份证。请看着屏幕上方的摄像头，做人脸核验。',1.79655056031356215482e+09);
INSERT INTO "turns" VALUES('chat-20261206-094920-6d658c406274',4,'<face:ok>','','busy','人脸核验通过。请把电子港澳通行证放在读卡区。没有通行证，说''没有''或按2。',1.79655056031420016287e+09);
INSERT INTO "turns" VALUES('chat-20261206-094920-6d658c406274',5,'<permit:hk>','','choice','办哪种签注？说''一''或按1，团队旅游；说''二''或按2，个人旅游。',1.79655056031493401522e+09);
INSERT INTO "turns" VALUES('chat-20261206-094920-6d658c406274',6,'<key:2>','individual','choice','正在查询您的通行证，请稍等。办几次的？说''一''或按1，一次有效，15元；说''二''或按2，二次有效，30元。',1.79655056031600975988e+09);
INSERT INTO "turns" VALUES('chat-20261206-094920-6d658c406274',7,'<key:2>','twice','confirm','港澳个人旅游签注，二次有效，费用30元。确认办理吗？说''是''或按1，说''不是''或按2。',1.79655056031671905522e+09);
INSERT INTO "turns" VALUES('chat-20261206-094920-6d658c406274',8,'<key:1>','yes','payment','正在生成付款码，请稍等。请用微信或支付宝扫屏幕上的二维码，付30元。二维码在屏幕下方，键盘正上方。刷卡按2，交现金按3。',1.79655056032051634786e+09);
CREATE TABLE "unrecognised" (
   "id" INTEGER PRIMARY KEY,
   "text" TEXT,
   "state" TEXT,
   "flow" TEXT,
   "at" REAL
);
COMMIT;
