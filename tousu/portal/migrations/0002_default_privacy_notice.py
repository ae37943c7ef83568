"""The default privacy notice (个人信息保护法 第十七条: who processes, why, what, how long, the
citizen's rights), in Chinese and English; the administrator adapts it to the centre."""

from django.db import migrations

ZH = """个人信息保护告知

根据《中华人民共和国个人信息保护法》，在您提交诉求前，我们告知您：

一、处理者：受理您诉求的投诉中心。

二、处理目的：登记、转办、办理、答复和回访您的诉求，以及依法进行的统计分析。

三、处理的信息：您填写的姓名、电话、电子邮箱、地址、诉求内容、发生时间和地点、位置坐标和上传的附件。匿名提交时，我们不把您的姓名和电话作为投诉人信息保存；您留下的联系方式只用于答复您。

四、保护措施：个人信息加密保存，仅经办人员在工作必需的范围内查看，每次查看完整身份均有记录。未经您同意，我们不向被投诉的单位或个人透露您的身份，法律、行政法规另有规定的除外。

五、保存期限：诉求办结归档后，按规定的期限保存，期满后删除或匿名化处理。

六、您的权利：您有权查阅、复制、更正您的个人信息，也可以撤回诉求。请使用查询页面，或致电中心与我们联系。

勾选同意即表示您已阅读并同意上述内容。"""

EN = """Privacy notice

Under the Personal Information Protection Law of the People's Republic of China we tell you, before you submit:

1. Who processes your data: the complaint centre that takes your case.

2. Why: to register, transfer, handle, answer and follow up your case, and for statistics as the law provides.

3. What: the name, phone number, e-mail address and address you give, what you tell us, when and where it happened, the map point and the files you upload. If you submit anonymously, your name and phone number are not kept as the complainant's; a contact you leave is used only to answer you.

4. How it is protected: personal data is stored encrypted and seen only by the staff who need it for their work; every look at your full identity is recorded. Without your consent we do not tell the organisation or person you complain about who you are, unless laws or administrative regulations require it.

5. How long: after your case is closed and archived, for the period the rules set; then it is deleted or anonymised.

6. Your rights: you may see, copy and correct your personal data, and withdraw your case. Use the track page, or call the centre.

By ticking the box you confirm that you have read and agree to this notice."""


def forwards(apps, schema_editor):
    PrivacyNotice = apps.get_model("portal", "PrivacyNotice")
    if not PrivacyNotice.objects.exists():
        PrivacyNotice.objects.create(text_zh_hans=ZH, text_en=EN)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
