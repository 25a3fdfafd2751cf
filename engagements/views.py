from django.shortcuts import render

from engagements.access import staff_required


@staff_required
def staff_home(request):
    return render(request, "staff/home.html")
